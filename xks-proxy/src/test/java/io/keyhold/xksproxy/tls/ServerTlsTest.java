package io.keyhold.xksproxy.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyhold.xksproxy.support.RawTls;
import io.keyhold.xksproxy.support.RunningProxy;
import io.keyhold.xksproxy.support.TestConfigs;
import io.keyhold.xksproxy.support.XksClient;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** TLS 1.2 and 1.3 only, with the cipher suites of the XKS spec, and a certificate from the proxy's own CA. */
class ServerTlsTest {

    @TempDir
    static Path dir;
    static RunningProxy proxy;
    static SSLContext trustingTheLocalCa;

    @BeforeAll
    static void startProxy() {
        proxy = RunningProxy.start(dir, TestConfigs.base(dir) + TestConfigs.softwareBackend(dir)
                + TestConfigs.complianceKeys() + TestConfigs.complianceStores());
        trustingTheLocalCa = XksClient.sslContext(proxy.caCertificate(), null, null);
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @ParameterizedTest
    @CsvSource({"TLSv1.3, TLS_AES_256_GCM_SHA384", "TLSv1.3, TLS_CHACHA20_POLY1305_SHA256",
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"})
    void theSpecCipherSuitesAreServed(String protocol, String cipherSuite) throws IOException {
        assertThat(RawTls.ping(trustingTheLocalCa, proxy.port(), protocol, cipherSuite)).isEqualTo("HTTP/1.1 200 OK");
    }

    @ParameterizedTest
    @CsvSource({"TLSv1.3, TLS_AES_128_GCM_SHA256", "TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"})
    void otherCipherSuitesAreRefused(String protocol, String cipherSuite) {
        assertThatThrownBy(() -> RawTls.ping(trustingTheLocalCa, proxy.port(), protocol, cipherSuite))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void theCertificateMatchesTheConfiguredHostName(String protocol) throws IOException {
        // RawTls verifies the host name "localhost" against the certificate, as KMS does for its endpoint.
        assertThat(RawTls.ping(trustingTheLocalCa, proxy.port(), protocol, null)).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void serverParametersAllowOnlyTls12And13WithTheSpecSuites() {
        assertThat(ServerTls.PROTOCOLS).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(ServerTls.CIPHER_SUITES).containsExactlyInAnyOrder("TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    }

    @Test
    void theGeneratedCertificateNamesTheConfiguredHostsAndChainsToTheLocalCa() throws Exception {
        List<X509Certificate> chain = Pem.readCertificates(dir.resolve("tls").resolve(LocalCertificateAuthority.SERVER_CERTIFICATE));
        X509Certificate ca = Pem.readCertificates(proxy.caCertificate()).get(0);
        chain.get(0).verify(ca.getPublicKey());
        assertThat(chain.get(0).getSubjectAlternativeNames()).extracting(entry -> String.valueOf(entry.get(1)))
                .containsExactlyInAnyOrder("localhost", "xks.keyhold.test");
        assertThat(chain.get(0).getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(ca.getBasicConstraints()).isZero();
    }
}
