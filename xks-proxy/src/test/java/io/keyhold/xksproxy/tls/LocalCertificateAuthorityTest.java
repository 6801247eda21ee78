package io.keyhold.xksproxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyhold.xksproxy.support.RunningProxy;
import io.keyhold.xksproxy.support.Signing;
import io.keyhold.xksproxy.support.TestConfigs;
import io.keyhold.xksproxy.support.XksClient;
import io.keyhold.xksproxy.tls.LocalCertificateAuthority.ServerCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCertificateAuthorityTest {

    @TempDir
    Path dir;

    @Test
    void firstStartCreatesACaAndAServerCertificate() throws Exception {
        ServerCredentials credentials = authority(Clock.systemUTC()).serverCredentials(List.of("xks.example.com"), List.of("127.0.0.1"));
        X509Certificate server = credentials.chain().get(0);
        X509Certificate ca = Pem.readCertificates(dir.resolve(LocalCertificateAuthority.CA_CERTIFICATE)).get(0);
        assertThat(credentials.chain()).containsExactly(server, ca);
        server.verify(ca.getPublicKey());
        assertThat(server.getSubjectAlternativeNames()).extracting(entry -> String.valueOf(entry.get(1)))
                .containsExactlyInAnyOrder("xks.example.com", "127.0.0.1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(LocalCertificateAuthority.CA_PRIVATE_KEY))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(LocalCertificateAuthority.SERVER_PRIVATE_KEY))))
                .isEqualTo("rw-------");
    }

    @Test
    void laterStartsKeepTheCertificate() {
        X509Certificate first = authority(Clock.systemUTC()).serverCredentials(List.of("xks.example.com"), List.of()).chain().get(0);
        X509Certificate second = authority(Clock.systemUTC()).serverCredentials(List.of("xks.example.com"), List.of()).chain().get(0);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void otherNamesGetANewCertificateFromTheSameCa() throws Exception {
        ServerCredentials first = authority(Clock.systemUTC()).serverCredentials(List.of("xks.example.com"), List.of());
        ServerCredentials second = authority(Clock.systemUTC()).serverCredentials(List.of("xks2.example.com"), List.of());
        assertThat(second.chain().get(0)).isNotEqualTo(first.chain().get(0));
        assertThat(second.chain().get(1)).isEqualTo(first.chain().get(1));
        second.chain().get(0).verify(first.chain().get(1).getPublicKey());
    }

    @Test
    void aCertificateCloseToExpiryIsRenewed() {
        X509Certificate first = authority(Clock.systemUTC()).serverCredentials(List.of("xks.example.com"), List.of()).chain().get(0);
        Clock nextYear = Clock.offset(Clock.systemUTC(), Duration.ofDays(380));
        X509Certificate renewed = authority(nextYear).serverCredentials(List.of("xks.example.com"), List.of()).chain().get(0);
        assertThat(renewed).isNotEqualTo(first);
        assertThat(renewed.getNotAfter()).isAfter(first.getNotAfter());
    }

    @Test
    void aConfiguredCertificateIsServedInsteadOfTheLocalCa() throws Exception {
        Path external = dir.resolve("external");
        new LocalCertificateAuthority(external, Clock.systemUTC(), new SecureRandom())
                .serverCredentials(List.of("localhost"), List.of());
        Path proxyDir = dir.resolve("proxy");
        Files.createDirectories(proxyDir);
        String tls = """
                    certificate-chain: %s
                    private-key: %s
                """.formatted(external.resolve(LocalCertificateAuthority.SERVER_CERTIFICATE),
                external.resolve(LocalCertificateAuthority.SERVER_PRIVATE_KEY));
        try (RunningProxy proxy = RunningProxy.start(proxyDir, TestConfigs.base(proxyDir) + tls
                + TestConfigs.softwareBackend(proxyDir) + TestConfigs.complianceKeys() + TestConfigs.complianceStores())) {
            XksClient client = XksClient.trusting(external.resolve(LocalCertificateAuthority.CA_CERTIFICATE));
            assertThat(client.send("GET", proxy.url("/ping"), new byte[0], Signing.none())
                    .status()).isEqualTo(200);
            assertThat(proxyDir.resolve("tls")).doesNotExist();
        }
    }

    private LocalCertificateAuthority authority(Clock clock) {
        return new LocalCertificateAuthority(dir, clock, new SecureRandom());
    }
}
