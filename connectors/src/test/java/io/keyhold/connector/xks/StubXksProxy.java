package io.keyhold.connector.xks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;

/**
 * An XKS proxy on 127.0.0.1 over real HTTPS, enough of the spec for the client's tests: it checks
 * the SigV4 signature (401 AuthenticationFailedException when wrong), serves one URI path prefix
 * (404 InvalidUriPathException otherwise), answers the four APIs with AES-256-GCM and a CDIV, and
 * records every request. A test may instead script the answer, or hold answers back to be late.
 */
final class StubXksProxy implements AutoCloseable {

    record RecordedRequest(String method, String path, String host, String contentType, JsonNode body,
                           SigV4Verifier.Outcome signature, int clientPort, List<String> serverNames,
                           String clientCertificateSubject) {
    }

    private record Answer(int status, byte[] body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();
    private static final byte[] CIPHERTEXT_METADATA = "key_version=1".getBytes(StandardCharsets.US_ASCII);

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String uriPath;
    private final SigV4Verifier verifier;
    private final SecretKeySpec key;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Answer scripted;
    private volatile CountDownLatch held;
    private volatile boolean hangUp;
    private volatile String[] ekmHealth = {"ACTIVE", "DEGRADED"};

    private StubXksProxy(KeyStore serverKeys, KeyStore clientTrust, String[] protocols, String uriPath,
                         Map<String, String> secrets, String region) throws IOException, GeneralSecurityException {
        this.uriPath = uriPath;
        this.verifier = new SigV4Verifier(secrets, region, "kms-xks-proxy");
        byte[] keyBytes = new byte[32];
        new SecureRandom().nextBytes(keyBytes);
        this.key = new SecretKeySpec(keyBytes, "AES");

        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(serverKeys, TestPki.PASSWORD);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(clientTrust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), clientTrust == null ? null : trust.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(clientTrust != null);
                if (protocols != null) {
                    parameters.setProtocols(protocols);
                }
                params.setSSLParameters(parameters);
            }
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * A proxy serving {@code uriPath} that accepts {@code secrets} (access key id → secret), and
     * requires a client certificate issued by {@code clientTrust} unless that is null.
     */
    static StubXksProxy start(KeyStore serverKeys, KeyStore clientTrust, String uriPath, Map<String, String> secrets,
                              String region) {
        return start(serverKeys, clientTrust, null, uriPath, secrets, region);
    }

    /** As above, speaking only {@code protocols}, or the JDK's default protocols when null. */
    static StubXksProxy start(KeyStore serverKeys, KeyStore clientTrust, String[] protocols, String uriPath,
                              Map<String, String> secrets, String region) {
        try {
            return new StubXksProxy(serverKeys, clientTrust, protocols, uriPath, secrets, region);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    RecordedRequest lastRequest() {
        return requests.get(requests.size() - 1);
    }

    /** Every later request gets this answer instead of the proxy's own. */
    void answer(int status, String body) {
        scripted = new Answer(status, body.getBytes(StandardCharsets.UTF_8));
    }

    void answer(int status, byte[] body) {
        scripted = new Answer(status, body);
    }

    /** Later requests are read, then the connection is closed without an answer. */
    void hangUp() {
        hangUp = true;
    }

    void ekmHealth(String... states) {
        ekmHealth = states.clone();
    }

    /** Later requests wait (at most 10 s) for the returned latch before they are answered. */
    CountDownLatch holdAnswers() {
        CountDownLatch latch = new CountDownLatch(1);
        held = latch;
        return latch;
    }

    @Override
    public void close() {
        CountDownLatch latch = held;
        if (latch != null) {
            latch.countDown();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    /** The spec's recommended GCM AAD: u16 len(AAD) || AAD || u8 len(metadata) || metadata (A.5). */
    static byte[] gcmAad(byte[] aad, byte[] ciphertextMetadata) {
        ByteBuffer buffer = ByteBuffer.allocate(2 + aad.length + 1 + ciphertextMetadata.length);
        buffer.putShort((short) aad.length).put(aad).put((byte) ciphertextMetadata.length).put(ciphertextMetadata);
        return buffer.array();
    }

    /** The CDIV as a proxy computes it, independent of the client's code. */
    static String cdiv(byte[]... parts) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha256.update(part);
            }
            return BASE64.encodeToString(sha256.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            SigV4Verifier.Outcome signature = verifier.verify(exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders()::get, body);
            requests.add(record(exchange, body, signature));
            CountDownLatch latch = held;
            if (latch != null) {
                latch.await(10, TimeUnit.SECONDS);
            }
            if (hangUp) {
                return;
            }
            Answer answer = scripted != null ? scripted : proxyAnswer(exchange, body, signature);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private RecordedRequest record(HttpExchange exchange, byte[] body, SigV4Verifier.Outcome signature) {
        SSLSession session = ((HttpsExchange) exchange).getSSLSession();
        List<String> serverNames = session instanceof ExtendedSSLSession extended
                ? extended.getRequestedServerNames().stream()
                        .map(name -> ((SNIHostName) name).getAsciiName()).toList()
                : List.of();
        String clientSubject;
        try {
            clientSubject = ((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName();
        } catch (SSLPeerUnverifiedException e) {
            clientSubject = null;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        return new RecordedRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestHeaders().getFirst("Host"), exchange.getRequestHeaders().getFirst("Content-Type"),
                json, signature, exchange.getRemoteAddress().getPort(), serverNames, clientSubject);
    }

    private Answer proxyAnswer(HttpExchange exchange, byte[] body, SigV4Verifier.Outcome signature) {
        if (!signature.valid()) {
            return error(401, "AuthenticationFailedException");
        }
        String path = exchange.getRequestURI().getRawPath();
        if (!path.startsWith(uriPath + "/")) {
            return error(404, "InvalidUriPathException");
        }
        String resource = path.substring(uriPath.length());
        try {
            JsonNode request = JSON.readTree(body);
            if (resource.equals("/health")) {
                return ok(health());
            }
            if (resource.matches("/keys/[^/]+/metadata")) {
                return ok(JSON.createObjectNode().put("keySpec", "AES_256").put("keyStatus", "ENABLED")
                        .set("keyUsage", JSON.createArrayNode().add("ENCRYPT").add("DECRYPT")));
            }
            if (resource.matches("/keys/[^/]+/encrypt")) {
                return ok(encrypt(request));
            }
            if (resource.matches("/keys/[^/]+/decrypt")) {
                return decrypt(request);
            }
            return error(404, "InvalidUriPathException");
        } catch (IOException | GeneralSecurityException e) {
            return error(400, "ValidationException");
        }
    }

    private ObjectNode health() {
        ObjectNode health = JSON.createObjectNode().put("xksProxyFleetSize", 2).put("xksProxyVendor", "Keyhold tests")
                .put("xksProxyModel", "StubXksProxy 1.0").put("ekmVendor", "Keyhold tests");
        var ekms = health.putArray("ekmFleetDetails");
        for (int i = 0; i < ekmHealth.length; i++) {
            ekms.addObject().put("id", "ekm-" + (i + 1)).put("model", "Stub EKM 1.0").put("healthStatus", ekmHealth[i]);
        }
        return health;
    }

    private ObjectNode encrypt(JsonNode request) throws GeneralSecurityException {
        byte[] plaintext = BASE64_DECODER.decode(request.get("plaintext").textValue());
        byte[] aad = optional(request, "additionalAuthenticatedData");
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        cipher.updateAAD(gcmAad(aad, CIPHERTEXT_METADATA));
        byte[] sealed = cipher.doFinal(plaintext);
        byte[] ciphertext = Arrays.copyOf(sealed, plaintext.length);
        byte[] tag = Arrays.copyOfRange(sealed, plaintext.length, sealed.length);
        ObjectNode answer = JSON.createObjectNode()
                .put("ciphertext", BASE64.encodeToString(ciphertext))
                .put("ciphertextMetadata", BASE64.encodeToString(CIPHERTEXT_METADATA))
                .put("initializationVector", BASE64.encodeToString(iv))
                .put("authenticationTag", BASE64.encodeToString(tag));
        if (request.has("ciphertextDataIntegrityValueAlgorithm")) {
            answer.put("ciphertextDataIntegrityValue", cdiv(aad, CIPHERTEXT_METADATA, iv, ciphertext, tag));
        }
        return answer;
    }

    private Answer decrypt(JsonNode request) throws GeneralSecurityException {
        byte[] ciphertext = BASE64_DECODER.decode(request.get("ciphertext").textValue());
        byte[] tag = BASE64_DECODER.decode(request.get("authenticationTag").textValue());
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128,
                BASE64_DECODER.decode(request.get("initializationVector").textValue())));
        cipher.updateAAD(gcmAad(optional(request, "additionalAuthenticatedData"),
                optional(request, "ciphertextMetadata")));
        byte[] sealed = Arrays.copyOf(ciphertext, ciphertext.length + tag.length);
        System.arraycopy(tag, 0, sealed, ciphertext.length, tag.length);
        try {
            byte[] plaintext = cipher.doFinal(sealed);
            return ok(JSON.createObjectNode().put("plaintext", BASE64.encodeToString(plaintext)));
        } catch (AEADBadTagException e) {
            return error(400, "InvalidCiphertextException");
        }
    }

    private static byte[] optional(JsonNode request, String field) {
        return request.has(field) ? BASE64_DECODER.decode(request.get(field).textValue()) : new byte[0];
    }

    private static Answer ok(JsonNode body) {
        try {
            return new Answer(200, JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Answer error(int status, String errorName) {
        return new Answer(status, ("{\"errorName\":\"" + errorName + "\",\"errorMessage\":\"stub says no\"}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
