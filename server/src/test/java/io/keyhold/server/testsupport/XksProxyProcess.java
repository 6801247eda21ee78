package io.keyhold.server.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Keyhold's standalone XKS proxy ({@code xks-proxy/target/keyhold-xks-proxy.jar}) running as a
 * separate process on 127.0.0.1, with a certificate for the given DNS names from the CA it makes
 * itself. It serves {@link #PREFIX} (two credentials; the external keys {@link #KEY},
 * {@link #DISABLED_KEY} and {@link #ENCRYPT_ONLY_KEY}) and {@link #SLOW_PREFIX} (answers late). A
 * proxy still running when the JVM ends is stopped then.
 */
public final class XksProxyProcess implements AutoCloseable {

    public static final String PREFIX = "/keyhold/tenant1";
    public static final String SLOW_PREFIX = "/keyhold/slow";
    /** Logical stores that answer every request with an injected fault, each with its own access key id. */
    public static final List<String> FAULTS =
            List.of("ACCESS_DENIED", "INTERNAL_ERROR", "THROTTLING", "MALFORMED_RESPONSE");
    public static final String ACCESS_KEY_ID = "KEYHOLDTESTACCESSKEY2";
    public static final String SECRET = "S2V5aG9sZC10ZXN0LXNlY3JldC1hY2Nlc3Mta2V5LTAxMjM0NTY3ODk=";
    public static final String OTHER_ACCESS_KEY_ID = "KEYHOLDROTATEDKEYID234";
    public static final String OTHER_SECRET = "S2V5aG9sZC1yb3RhdGVkLXNlY3JldC1hY2Nlc3Mta2V5LTAxMjM0NTY=";
    /** An enabled AES-256 external key that may encrypt and decrypt. */
    public static final String KEY = "foo";
    public static final String DISABLED_KEY = "disabled_key";
    public static final String ENCRYPT_ONLY_KEY = "encrypt_only_key";

    private static final Path JAR = Path.of("..", "xks-proxy", "target", "keyhold-xks-proxy.jar").toAbsolutePath().normalize();

    private final Process process;
    private final Path directory;
    private final int port;

    private XksProxyProcess(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    /** Starts a proxy whose external key manager reports {@code ekmStatus} (ACTIVE, DEGRADED or UNAVAILABLE). */
    public static XksProxyProcess start(String ekmStatus, String... dnsNames) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: build it first (./mvnw -pl xks-proxy -am package)");
        }
        try {
            Path directory = Files.createTempDirectory("keyhold-xks-proxy");
            int port = freePort();
            Files.writeString(directory.resolve("xks-proxy.yaml"), config(port, ekmStatus, Arrays.stream(dnsNames).map(name -> '"' + name + '"').collect(Collectors.joining(", "))));
            Process process = new ProcessBuilder(List.of(javaBinary(), "-jar", JAR.toString(),
                    "--config=" + directory.resolve("xks-proxy.yaml")))
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("xks-proxy.log").toFile())
                    .start();
            XksProxyProcess proxy = new XksProxyProcess(process, directory, port);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
            proxy.awaitListening(Duration.ofSeconds(60));
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    /** The CA that issued the proxy's certificate (PEM). */
    public Path caCertificate() {
        return directory.resolve("xks-proxy-tls").resolve("ca.pem");
    }

    public String log() {
        try {
            return Files.readString(directory.resolve("xks-proxy.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void awaitListening(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the XKS proxy exited with " + process.exitValue() + ":\n" + log());
            }
            if (Files.exists(caCertificate()) && accepts()) {
                warmUp();
                return;
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("the XKS proxy did not listen within " + timeout + ":\n" + log());
    }

    /**
     * A few TLS round trips before the first test request, so that a fresh JVM's cold start (class
     * loading, JIT, the first handshake) is not counted against Keyhold's per-request XKS budget.
     */
    private void warmUp() {
        try {
            CertificateFactory certificates = CertificateFactory.getInstance("X.509");
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            try (InputStream pem = Files.newInputStream(caCertificate())) {
                trust.setCertificateEntry("proxy-ca", certificates.generateCertificate(pem));
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trustManagers.getTrustManagers(), null);
            for (int i = 0; i < 5; i++) {
                HttpsURLConnection ping = (HttpsURLConnection) URI.create("https://127.0.0.1:" + port + "/ping").toURL()
                        .openConnection();
                ping.setSSLSocketFactory(tls.getSocketFactory());
                // the certificate names the test's DNS names, not 127.0.0.1; the CA check above is what matters here
                ping.setHostnameVerifier((host, session) -> true);
                ping.setConnectTimeout(10_000);
                ping.setReadTimeout(10_000);
                if (ping.getResponseCode() != 200) {
                    throw new IllegalStateException("the XKS proxy answered /ping with " + ping.getResponseCode());
                }
                ping.getInputStream().readAllBytes();
                ping.disconnect();
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the XKS proxy does not answer /ping over TLS:\n" + log(), e);
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A port nothing listens on at the moment (for the proxy, or for "nothing is there"). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String config(int port, String ekmStatus, String dnsNames) {
        return """
                xks-proxy:
                  listen:
                    address: 127.0.0.1
                    port: %d
                  region: us-east-1
                  tls:
                    directory: xks-proxy-tls
                    dns-names: [%s]
                  backend:
                    type: software
                    software:
                      keystore: xks-proxy-keys.p12
                      password: keyhold-test
                  health:
                    ekms:
                      - id: ekm-1
                        model: Keyhold test EKM
                        status: %s
                  keys:
                    - id: %s
                    - id: %s
                      enabled: false
                    - id: %s
                      usage: [ENCRYPT]
                  stores:
                    - prefix: %s
                      credentials:
                        - access-key-id: %s
                          secret-access-key: %s
                        - access-key-id: %s
                          secret-access-key: %s
                      keys: [%s, %s, %s]
                    - prefix: %s
                      credentials:
                        - access-key-id: KEYHOLDSLOWACCESSKEY2
                          secret-access-key: %s
                      keys: [foo]
                      added-latency: 6s
                """.formatted(port, dnsNames, ekmStatus, KEY, DISABLED_KEY, ENCRYPT_ONLY_KEY, PREFIX, ACCESS_KEY_ID, SECRET,
                OTHER_ACCESS_KEY_ID, OTHER_SECRET, KEY, DISABLED_KEY, ENCRYPT_ONLY_KEY, SLOW_PREFIX, SECRET)
                + FAULTS.stream().map(fault -> """
                    - prefix: %s
                      credentials:
                        - access-key-id: %s
                          secret-access-key: %s
                      keys: [foo]
                      fault: %s
                """.formatted(faultPrefix(fault), faultAccessKeyId(fault), SECRET, fault)).collect(Collectors.joining());
    }

    /** The URI path prefix of the store that injects {@code fault}. */
    public static String faultPrefix(String fault) {
        return "/keyhold/fault-" + fault.toLowerCase().replace('_', '-');
    }

    /** An access key id of the store that injects {@code fault} (the proxy binds each id to one store). */
    public static String faultAccessKeyId(String fault) {
        return ("FAULT" + fault.replace("_", "") + "KEYIDZZZZZZZZZZZZZZ").substring(0, 25);
    }
}
