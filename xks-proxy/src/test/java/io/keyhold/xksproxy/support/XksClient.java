package io.keyhold.xksproxy.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyhold.xksproxy.tls.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/** An HTTPS client that trusts the proxy's local CA and signs with a {@link Signing}. */
public final class XksClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;

    private XksClient(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    public static XksClient trusting(Path caCertificate) {
        return new XksClient(httpClient(sslContext(caCertificate, null, null)), Duration.ofSeconds(30));
    }

    /**
     * Configured as Keyhold's {@code XksTransport} configures its HttpClient: its own executor, no proxy, no
     * redirects, TLS 1.3 and 1.2 only, HTTP/1.1 with pooled connections.
     */
    public static XksClient likeKeyhold(Path caCertificate) {
        SSLParameters tls = new SSLParameters();
        tls.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "keyhold-like-client");
            thread.setDaemon(true);
            return thread;
        });
        return new XksClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(sslContext(caCertificate, null, null)).sslParameters(tls)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY).executor(executor).build(), Duration.ofSeconds(30));
    }

    /** For {@code http://} URLs (a proxy with {@code tls.enabled: false}). */
    public static XksClient plainHttp() {
        return new XksClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build(), Duration.ofSeconds(30));
    }

    /** Presents {@code clientChain} (leaf first) for mTLS. */
    public static XksClient withClientCertificate(Path caCertificate, PrivateKey clientKey, List<X509Certificate> clientChain) {
        return new XksClient(httpClient(sslContext(caCertificate, clientKey, clientChain)), Duration.ofSeconds(30));
    }

    /** The same client with another budget for a whole request (KMS allows 250 ms). */
    public XksClient withTimeout(Duration requestTimeout) {
        return new XksClient(http, requestTimeout);
    }

    public Response post(String url, String json, Signing signing) throws IOException, InterruptedException {
        return send("POST", url, json.getBytes(StandardCharsets.UTF_8), signing);
    }

    public Response send(String method, String url, byte[] body, Signing signing) throws IOException, InterruptedException {
        URI uri = URI.create(url);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(method, body.length == 0 && !method.equals("POST") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json");
        signing.sign(method, uri, Map.of(), body).forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body(), response.headers().map());
    }

    private static HttpClient httpClient(SSLContext context) {
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    public static SSLContext sslContext(Path caCertificate, PrivateKey clientKey, List<X509Certificate> clientChain) {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("xks-proxy-ca", Pem.readCertificates(caCertificate).get(0));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            KeyManagerFactory keys = null;
            if (clientKey != null) {
                KeyStore identity = KeyStore.getInstance("PKCS12");
                identity.load(null, null);
                identity.setKeyEntry("client", clientKey, "pw".toCharArray(), clientChain.toArray(X509Certificate[]::new));
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(identity, "pw".toCharArray());
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys != null ? keys.getKeyManagers() : null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Status, raw body and headers of a response; {@link #json()} parses the body. */
    public record Response(int status, String body, Map<String, List<String>> headers) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + body, e);
            }
        }

        public String text(String field) {
            JsonNode value = json().get(field);
            return value == null ? null : value.asText();
        }

        public String errorName() {
            return text("errorName");
        }
    }
}
