package io.keyhold.xksproxy.tls;

import static io.keyhold.xksproxy.support.TestConfigs.ACCESS_KEY_ID;
import static io.keyhold.xksproxy.support.TestConfigs.PREFIX;
import static io.keyhold.xksproxy.support.TestConfigs.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyhold.xksproxy.support.Bodies;
import io.keyhold.xksproxy.support.Curl;
import io.keyhold.xksproxy.support.RawTls;
import io.keyhold.xksproxy.support.RunningProxy;
import io.keyhold.xksproxy.support.Signing;
import io.keyhold.xksproxy.support.TestCertificates;
import io.keyhold.xksproxy.support.TestCertificates.Identity;
import io.keyhold.xksproxy.support.TestConfigs;
import io.keyhold.xksproxy.support.XksClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** With mTLS on, only a client certificate from the configured CA that names the expected client completes a handshake. */
class MutualTlsTest {

    static final String KMS_CLIENT = "cks.kms.us-east-1.amazonaws.com";

    @TempDir
    static Path dir;
    static RunningProxy proxy;
    static Identity clientCa;

    @BeforeAll
    static void startProxy() throws Exception {
        clientCa = TestCertificates.certificateAuthority("Test KMS client CA");
        Path clientCaPem = dir.resolve("client-ca.pem");
        Pem.writeCertificates(clientCaPem, List.of(clientCa.certificate()));
        proxy = RunningProxy.start(dir, TestConfigs.base(dir) + """
                    mtls:
                      enabled: true
                      client-ca: %s
                      client-names: [%s]
                """.formatted(clientCaPem, KMS_CLIENT) + TestConfigs.softwareBackend(dir)
                + TestConfigs.complianceKeys() + TestConfigs.complianceStores());
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @Test
    void theExpectedClientCertificateIsAccepted() throws Exception {
        Identity kms = TestCertificates.client(clientCa, KMS_CLIENT);
        XksClient client = XksClient.withClientCertificate(proxy.caCertificate(), kms.privateKey(), kms.chain());
        XksClient.Response response = client.post(proxy.url(PREFIX + "/kms/xks/v1/health"), Bodies.health(),
                Signing.kms(ACCESS_KEY_ID, SECRET));
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void theExpectedNameAsDnsSubjectAlternativeNameIsAccepted() throws Exception {
        Identity kms = TestCertificates.client(clientCa, "some subject", KMS_CLIENT,
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(1)));
        assertThat(ping(kms, "TLSv1.3")).isEqualTo("HTTP/1.1 200 OK");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void theHandshakeSucceedsWithTheExpectedClient(String protocol) throws Exception {
        assertThat(ping(TestCertificates.client(clientCa, KMS_CLIENT), protocol)).isEqualTo("HTTP/1.1 200 OK");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aCertificateOfTheRightCaWithAnotherNameIsRefused(String protocol) throws Exception {
        Identity stranger = TestCertificates.client(clientCa, "cks.kms.eu-west-1.amazonaws.com");
        assertThatThrownBy(() -> ping(stranger, protocol)).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aSelfSignedCertificateIsRefused(String protocol) throws Exception {
        Identity selfSigned = TestCertificates.selfSigned(KMS_CLIENT);
        assertThatThrownBy(() -> ping(selfSigned, protocol)).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void anExpiredCertificateIsRefused(String protocol) throws Exception {
        assertThatThrownBy(() -> ping(expired(), protocol)).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aClientWithoutCertificateIsRefused(String protocol) {
        SSLContext anonymous = XksClient.sslContext(proxy.caCertificate(), null, null);
        assertThatThrownBy(() -> RawTls.ping(anonymous, proxy.port(), protocol, null)).isInstanceOf(IOException.class);
    }

    @Test
    void anHttpClientWithTheWrongCertificateGetsNoResponse() throws Exception {
        Identity stranger = TestCertificates.client(clientCa, "someone.else.example");
        XksClient client = XksClient.withClientCertificate(proxy.caCertificate(), stranger.privateKey(), stranger.chain());
        assertThatThrownBy(() -> client.post(proxy.url(PREFIX + "/kms/xks/v1/health"), Bodies.health(),
                Signing.kms(ACCESS_KEY_ID, SECRET))).isInstanceOf(IOException.class);
    }

    /** As the compliance client checks it: curl with a bogus client certificate reads a fatal TLS alert. */
    @ParameterizedTest
    @ValueSource(strings = {"wrong-name", "self-signed", "expired"})
    void curlWithABogusClientCertificateReceivesATlsAlert(String kind) throws Exception {
        Identity bogus = switch (kind) {
            case "wrong-name" -> TestCertificates.client(clientCa, "someone.else.example");
            case "self-signed" -> TestCertificates.selfSigned(KMS_CLIENT);
            default -> expired();
        };
        Curl.Run run = curlWith(bogus);
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.trace()).containsPattern("\\(IN\\), TLS alert, (certificate unknown|bad certificate)");
        assertThat(run.output()).doesNotContain("healthStatus");
    }

    @Test
    void curlWithTheExpectedClientCertificateIsServed() throws Exception {
        Curl.Run run = curlWith(TestCertificates.client(clientCa, KMS_CLIENT));
        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).contains("\"healthStatus\":");
    }

    private static Curl.Run curlWith(Identity client) throws Exception {
        Path key = Files.createTempFile(dir, "client", "-key.pem");
        Path certificate = Files.createTempFile(dir, "client", "-cert.pem");
        Pem.writePrivateKey(key, client.privateKey());
        Pem.writeCertificates(certificate, client.chain());
        return Curl.run(proxy, dir, PREFIX + "/kms/xks/v1/health", Bodies.health(), ACCESS_KEY_ID, SECRET,
                List.of("--key", key.toString(), "--cert", certificate.toString()));
    }

    private static Identity expired() throws Exception {
        return TestCertificates.client(clientCa, KMS_CLIENT, null,
                Instant.now().minus(Duration.ofDays(30)), Instant.now().minus(Duration.ofDays(1)));
    }

    private static String ping(Identity client, String protocol) throws IOException {
        SSLContext context = XksClient.sslContext(proxy.caCertificate(), client.privateKey(), client.chain());
        return RawTls.ping(context, proxy.port(), protocol, null);
    }
}
