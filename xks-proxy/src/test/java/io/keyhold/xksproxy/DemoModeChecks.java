package io.keyhold.xksproxy;

import static io.keyhold.xksproxy.support.ErrorAssertions.assertXksError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyhold.xksproxy.server.XksHttpServer;
import io.keyhold.xksproxy.support.Bodies;
import io.keyhold.xksproxy.support.Signing;
import io.keyhold.xksproxy.support.XksClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;

/**
 * What demo mode promises, whether it serves HTTPS or plain HTTP: the proxy is started as {@code java -jar}
 * would start it ({@code --port=N --data-dir=DIR}, no configuration file) and called with the published demo
 * credential, signed as KMS signs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DemoModeChecks {

    static final Signing DEMO = Signing.kms(DemoMode.ACCESS_KEY_ID, DemoMode.SECRET_ACCESS_KEY);
    static final byte[] AAD = "demo=yes".getBytes(StandardCharsets.US_ASCII);

    Path tempDir;
    Path dataDir;
    int port;
    ConfigurableApplicationContext proxy;
    XksClient client;

    abstract boolean plainHttp();

    /** A client for this mode: trusting only {@code DIR/ca.crt}, or plain HTTP. */
    abstract XksClient client(Path dataDir);

    /** {@code https://localhost:N} or {@code http://127.0.0.1:N}. */
    abstract String endpoint(int port);

    @BeforeAll
    void startDemo(@TempDir Path temporary) {
        tempDir = temporary;
        dataDir = tempDir.resolve("demo-data"); // not there yet: the proxy makes it
        port = freePort();
        proxy = startDemo(port, dataDir);
        client = client(dataDir);
    }

    @AfterAll
    void stopDemo() {
        proxy.close();
    }

    ConfigurableApplicationContext startDemo(int listenPort, Path directory) {
        List<String> args = new ArrayList<>(List.of("--port=" + listenPort, "--data-dir=" + directory));
        if (plainHttp()) {
            args.add("--plain-http");
        }
        return XksProxyApplication.start(args.toArray(String[]::new));
    }

    String url(String rest) {
        return endpoint(port) + DemoMode.URI_PATH + "/" + rest;
    }

    @Test
    void theProxyListensOnTheGivenPortOfTheLoopbackAddress() {
        XksHttpServer server = proxy.getBean(XksHttpServer.class);
        assertThat(server.port()).isEqualTo(port);
        assertThat(server.scheme()).isEqualTo(plainHttp() ? "http" : "https");
    }

    @Test
    void healthIsServedWithTheDemoCredential() throws Exception {
        XksClient.Response health = client.post(url("health"), Bodies.health(), DEMO);
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        assertThat(health.json().get("ekmFleetDetails").get(0).get("healthStatus").asText()).isEqualTo("ACTIVE");
    }

    @ParameterizedTest
    @CsvSource({
        "demo-key, ENCRYPT DECRYPT, ENABLED",
        "demo-encrypt-only, ENCRYPT, ENABLED",
        "demo-decrypt-only, DECRYPT, ENABLED",
        "demo-neither, '', ENABLED",
        "demo-disabled, ENCRYPT DECRYPT, DISABLED"})
    void everyDemoKeyHasItsPublishedMetadata(String keyId, String usage, String status) throws Exception {
        XksClient.Response metadata = client.post(url("keys/" + keyId + "/metadata"), Bodies.metadata(), DEMO);
        assertThat(metadata.status()).as(metadata.body()).isEqualTo(200);
        JsonNode body = metadata.json();
        assertThat(body.get("keySpec").asText()).isEqualTo("AES_256");
        assertThat(body.get("keyUsage")).extracting(JsonNode::asText)
                .containsExactly(usage.isEmpty() ? new String[0] : usage.split(" "));
        assertThat(body.get("keyStatus").asText()).isEqualTo(status);
    }

    @Test
    void theDemoKeyRoundTrips() throws Exception {
        byte[] plaintext = "Hello from the Keyhold XKS proxy demo".getBytes(StandardCharsets.UTF_8);
        XksClient.Response encrypted = client.post(url("keys/demo-key/encrypt"),
                Bodies.encrypt(plaintext, AAD, true).toString(), DEMO);
        assertThat(encrypted.status()).as(encrypted.body()).isEqualTo(200);
        assertThat(encrypted.text("ciphertextDataIntegrityValue")).isNotNull();

        XksClient.Response decrypted = client.post(url("keys/demo-key/decrypt"),
                Bodies.decrypt(encrypted, AAD).toString(), DEMO);
        assertThat(decrypted.status()).as(decrypted.body()).isEqualTo(200);
        assertThat(Bodies.unb64(decrypted.text("plaintext"))).isEqualTo(plaintext);
    }

    @Test
    void theRestrictedDemoKeysRefuseWhatTheyMayNotDo() throws Exception {
        String encrypt = Bodies.encrypt(new byte[32], null, false).toString();
        assertXksError(client.post(url("keys/demo-decrypt-only/encrypt"), encrypt, DEMO), 400, "InvalidKeyUsageException");
        assertXksError(client.post(url("keys/demo-neither/encrypt"), encrypt, DEMO), 400, "InvalidKeyUsageException");
        assertXksError(client.post(url("keys/demo-disabled/encrypt"), encrypt, DEMO), 400, "InvalidStateException");
        XksClient.Response sealed = client.post(url("keys/demo-encrypt-only/encrypt"), encrypt, DEMO);
        assertThat(sealed.status()).as(sealed.body()).isEqualTo(200);
        assertXksError(client.post(url("keys/demo-encrypt-only/decrypt"), Bodies.decrypt(sealed, null).toString(), DEMO),
                400, "InvalidKeyUsageException");
    }

    @Test
    void onlyTheDemoCredentialIsAccepted() throws Exception {
        Signing wrongSecret = Signing.kms(DemoMode.ACCESS_KEY_ID, "x" + DemoMode.SECRET_ACCESS_KEY);
        assertXksError(client.post(url("health"), Bodies.health(), wrongSecret), 401, "AuthenticationFailedException");
        assertXksError(client.post(endpoint(port) + "/kms/xks/v1/health", Bodies.health(), DEMO), 404,
                "InvalidUriPathException");
    }

    @Test
    void noConfigurationFileIsRead() {
        assertThat(proxy.getEnvironment().getProperty("spring.config.location")).isEmpty();
        assertThat(StreamSupport.stream(proxy.getEnvironment().getPropertySources().spliterator(), false)
                .map(PropertySource::getName)).noneMatch(name -> name.contains("Config resource"));
    }

    @Test
    void keysAreKeptInTheDataDirectoryAndReusedOnRestart() throws Exception {
        Path directory = tempDir.resolve("restarted");
        byte[] plaintext = "sealed before the restart".getBytes(StandardCharsets.UTF_8);
        int firstPort = freePort();
        XksClient.Response sealed;
        try (ConfigurableApplicationContext first = startDemo(firstPort, directory)) {
            sealed = client(directory).post(endpoint(firstPort) + DemoMode.URI_PATH + "/keys/demo-key/encrypt",
                    Bodies.encrypt(plaintext, null, false).toString(), DEMO);
            assertThat(sealed.status()).as(sealed.body()).isEqualTo(200);
        }
        assertThat(directory.resolve(DemoMode.KEYSTORE)).isRegularFile();
        byte[] keystore = Files.readAllBytes(directory.resolve(DemoMode.KEYSTORE));
        List<byte[]> tlsFiles = tlsFiles(directory);

        int secondPort = freePort();
        try (ConfigurableApplicationContext second = startDemo(secondPort, directory)) {
            XksClient.Response opened = client(directory).post(
                    endpoint(secondPort) + DemoMode.URI_PATH + "/keys/demo-key/decrypt",
                    Bodies.decrypt(sealed, null).toString(), DEMO);
            assertThat(opened.status()).as(opened.body()).isEqualTo(200);
            assertThat(Bodies.unb64(opened.text("plaintext"))).isEqualTo(plaintext);
        }
        assertThat(Files.readAllBytes(directory.resolve(DemoMode.KEYSTORE))).isEqualTo(keystore);
        assertThat(tlsFiles(directory)).containsExactlyElementsOf(tlsFiles);
    }

    /** The CA certificate and the local CA's files, as bytes; empty in plain-HTTP mode. */
    static List<byte[]> tlsFiles(Path directory) throws IOException {
        List<byte[]> contents = new ArrayList<>();
        Path ca = directory.resolve(DemoMode.CA_CERTIFICATE);
        if (Files.exists(ca)) {
            contents.add(Files.readAllBytes(ca));
        }
        Path tls = directory.resolve(DemoMode.TLS_DIRECTORY);
        if (Files.isDirectory(tls)) {
            try (var files = Files.list(tls)) {
                for (Path file : files.sorted().toList()) {
                    contents.add(Files.readAllBytes(file));
                }
            }
        }
        return contents;
    }

    /** A port of 127.0.0.1 that was free a moment ago: demo mode is started with a fixed {@code --port}. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
