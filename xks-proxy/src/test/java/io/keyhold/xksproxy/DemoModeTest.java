package io.keyhold.xksproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyhold.xksproxy.support.Bodies;
import io.keyhold.xksproxy.support.XksClient;
import io.keyhold.xksproxy.tls.LocalCertificateAuthority;
import io.keyhold.xksproxy.tls.Pem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Demo mode over HTTPS, with the certificate of its local CA in {@code DIR/ca.crt}. */
class DemoModeTest extends DemoModeChecks {

    @Override
    boolean plainHttp() {
        return false;
    }

    @Override
    XksClient client(Path dataDir) {
        return XksClient.trusting(dataDir.resolve("ca.crt"));
    }

    @Override
    String endpoint(int listenPort) {
        return "https://localhost:" + listenPort;
    }

    @Test
    void theCaCertificateIsWrittenToTheDataDirectory() throws Exception {
        Path caFile = dataDir.resolve("ca.crt");
        assertThat(caFile).isRegularFile().isReadable();
        List<X509Certificate> ca = Pem.readCertificates(caFile);
        assertThat(ca).hasSize(1);
        assertThat(ca.get(0).getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(Pem.readCertificates(dataDir.resolve("tls").resolve(LocalCertificateAuthority.CA_CERTIFICATE)))
                .containsExactlyElementsOf(ca);

        X509Certificate server = Pem.readCertificates(
                dataDir.resolve("tls").resolve(LocalCertificateAuthority.SERVER_CERTIFICATE)).get(0);
        server.verify(ca.get(0).getPublicKey());
        assertThat(server.getSubjectAlternativeNames()).extracting(entry -> String.valueOf(entry.get(1)))
                .contains("localhost");
    }

    @Test
    void aClientThatDoesNotTrustTheDemoCaIsRefused() {
        HttpClient defaultTrust = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("health")))
                .POST(HttpRequest.BodyPublishers.ofString(Bodies.health())).build();
        assertThatThrownBy(() -> defaultTrust.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    /** The README's example, as written there (only the port differs). */
    @Test
    void theReadmeCurlExampleWorks() throws Exception {
        String health = curl(List.of("--cacert", dataDir.resolve("ca.crt").toString(),
                "-H", "Content-Type: application/json",
                "--aws-sigv4", "aws:amz:us-east-1:kms-xks-proxy",
                "--user", "DEMOXKSACCESSKEY234567:keyholdDemoXksSecretAccessKey0123456789abcdef",
                "-d", "{\"requestMetadata\":{\"kmsRequestId\":\"1\",\"kmsOperation\":\"KmsHealthCheck\"}}",
                "https://localhost:" + port + "/keyhold/demo/kms/xks/v1/health"));
        assertThat(health).contains("\"healthStatus\":\"ACTIVE\"");

        String encrypted = curl(List.of("--cacert", dataDir.resolve("ca.crt").toString(),
                "-H", "Content-Type: application/json",
                "--aws-sigv4", "aws:amz:us-east-1:kms-xks-proxy",
                "--user", "DEMOXKSACCESSKEY234567:keyholdDemoXksSecretAccessKey0123456789abcdef",
                "-d", "{\"requestMetadata\":{\"kmsRequestId\":\"2\",\"kmsOperation\":\"Encrypt\","
                        + "\"awsPrincipalArn\":\"arn:aws:iam::111122223333:user/demo\","
                        + "\"kmsKeyArn\":\"arn:aws:kms:us-east-1:111122223333:key/demo\"},"
                        + "\"plaintext\":\"SGVsbG8sIFhLUyE=\",\"encryptionAlgorithm\":\"AES_GCM\"}",
                "https://localhost:" + port + "/keyhold/demo/kms/xks/v1/keys/demo-key/encrypt"));
        assertThat(encrypted).contains("\"ciphertext\":", "\"authenticationTag\":");
    }

    static String curl(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--fail", "--max-time", "30"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void theDataDirectoryHoldsTheKeysAndTheTlsFiles() {
        assertThat(dataDir.resolve(DemoMode.KEYSTORE)).isRegularFile();
        assertThat(dataDir.resolve("tls")).isDirectory();
        assertThat(Files.exists(dataDir.resolve("tls").resolve(LocalCertificateAuthority.CA_PRIVATE_KEY))).isTrue();
    }
}
