package io.keyhold.xksproxy.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.keyhold.xksproxy.api.Operation;
import io.keyhold.xksproxy.api.XksErrorName;
import io.keyhold.xksproxy.api.XksException;
import io.keyhold.xksproxy.api.XksOperations;
import io.keyhold.xksproxy.api.XksRequest;
import io.keyhold.xksproxy.api.XksRequestParser;
import io.keyhold.xksproxy.api.XksResponse;
import io.keyhold.xksproxy.auth.SigV4Verifier;
import io.keyhold.xksproxy.auth.SignedRequest;
import io.keyhold.xksproxy.config.ProxyVersion;
import io.keyhold.xksproxy.config.XksProxyProperties.Fault;
import io.keyhold.xksproxy.store.LogicalStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front of the proxy, in the order a request meets the checks: {@code GET /ping}; routing (unknown
 * paths are 404 InvalidUriPathException even without credentials); POST only (405); injected latency; SigV4
 * with a credential of the addressed store; injected fault; store state and quota; body validation; the
 * operation.
 */
public final class XksRequestHandler implements HttpHandler {

    static final String PING_PATH = "/ping";

    private static final Logger accessLog = LoggerFactory.getLogger("io.keyhold.xksproxy.access");
    private static final Logger log = LoggerFactory.getLogger(XksRequestHandler.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final int MAX_ERROR_MESSAGE_CHARS = 511;
    /** Room for requestMetadata (ARNs up to 2048 characters) and JSON syntax around the Base64 fields. */
    private static final int BODY_OVERHEAD_BYTES = 64 * 1024;
    /** The answer of {@link Fault#MALFORMED_RESPONSE}: a JSON object cut short, so no JSON parser accepts it. */
    static final byte[] MALFORMED_BODY = "{\"keyholdInjectedFault\":\"MALFORMED_RESPONSE\","
            .getBytes(StandardCharsets.US_ASCII);

    private final Router router;
    private final SigV4Verifier verifier;
    private final XksRequestParser parser;
    private final XksOperations operations;
    private final int maxBodyBytes;

    public XksRequestHandler(Router router, SigV4Verifier verifier, XksRequestParser parser, XksOperations operations,
            int maxPlaintextBytes, int maxAadBytes) {
        this.router = router;
        this.verifier = verifier;
        this.parser = parser;
        this.operations = operations;
        this.maxBodyBytes = base64Length(maxPlaintextBytes) + base64Length(maxAadBytes) + BODY_OVERHEAD_BYTES;
    }

    @Override
    public void handle(HttpExchange exchange) {
        AccessLogEntry entry = new AccessLogEntry();
        try {
            serve(exchange, entry);
        } catch (XksException e) {
            entry.outcome(e.httpStatus(), e.errorName().name(), e.getMessage());
            if (e.getCause() != null) {
                log.warn("{}: {}", e.errorName(), e.getMessage(), e.getCause());
            }
            sendError(exchange, e.errorName(), e.getMessage());
        } catch (IOException e) {
            entry.outcome(0, "ConnectionFailed", e.getMessage());
        } catch (RuntimeException e) {
            log.error("Unexpected failure", e);
            entry.outcome(500, XksErrorName.InternalException.name(), "unexpected failure");
            sendError(exchange, XksErrorName.InternalException, "The proxy failed unexpectedly");
        } finally {
            exchange.close();
            accessLog.info(entry.line());
        }
    }

    private void serve(HttpExchange exchange, AccessLogEntry entry) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        if (PING_PATH.equals(path)) {
            ping(exchange, method, entry);
            return;
        }
        Route route = router.route(path).orElseThrow(() -> new XksException.InvalidUriPath(
                "The URI path is not an XKS proxy API path of this proxy"));
        entry.route(route);
        if (!"POST".equals(method)) {
            exchange.getResponseHeaders().set("Allow", "POST");
            entry.outcome(405, "MethodNotAllowed", null);
            answer(exchange, 405, null);
            return;
        }
        LogicalStore store = route.store();
        injectLatency(store.addedLatency());
        byte[] body = readBody(exchange.getRequestBody());
        verifier.verify(new SignedRequest(method, path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders(), body), store::secretFor);
        if (store.fault() != Fault.NONE) {
            answerWithFault(exchange, store.fault(), route.operation(), body, entry);
            return;
        }
        if (!store.enabled()) {
            throw new XksException.InvalidState("The key store at this URI path prefix is disabled");
        }
        if (!store.tryAcquireQuota()) {
            throw new XksException.Throttling("The request quota of this key store is used up; retry later");
        }
        XksRequest request = parser.parse(route.operation(), body);
        entry.requestMetadata(request.requestMetadata().kmsRequestId(), request.requestMetadata().kmsOperation());
        XksResponse response = operations.execute(store, route.keyId(), request);
        entry.outcome(200, "Success", null);
        send(exchange, 200, JSON.writeValueAsBytes(response));
    }

    private void ping(HttpExchange exchange, String method, AccessLogEntry entry) throws IOException {
        if (!"GET".equals(method)) {
            exchange.getResponseHeaders().set("Allow", "GET");
            entry.outcome(405, "MethodNotAllowed", null);
            answer(exchange, 405, null);
            return;
        }
        entry.outcome(200, "Ping", null);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        answer(exchange, 200, ("pong from Keyhold XKS proxy " + ProxyVersion.current()).getBytes(StandardCharsets.UTF_8));
    }

    /** Fault injection: makes every request of one store slower than a client's latency budget. */
    private static void injectLatency(Duration latency) {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new XksException.Internal("Interrupted while injecting latency");
        }
    }

    /**
     * Fault injection: answers an authenticated request as a failing proxy would, whatever it asks (health
     * included) and whether or not its body is valid.
     */
    private void answerWithFault(HttpExchange exchange, Fault fault, Operation operation, byte[] body,
            AccessLogEntry entry) throws IOException {
        try {
            XksRequest request = parser.parse(operation, body);
            entry.requestMetadata(request.requestMetadata().kmsRequestId(), request.requestMetadata().kmsOperation());
        } catch (XksException invalidBody) {
            // The fault is the answer either way; the metadata only makes the access log line more useful.
        }
        String message = "Injected fault " + fault + ": this key store is configured to fail every request";
        switch (fault) {
            case ACCESS_DENIED -> throw new XksException.AccessDenied(message);
            case INTERNAL_ERROR -> throw new XksException.Internal(message);
            case THROTTLING -> throw new XksException.Throttling(message);
            case DEPENDENCY_TIMEOUT -> throw new XksException.DependencyTimeout(message);
            case MALFORMED_RESPONSE -> {
                entry.outcome(200, "MalformedResponse", message);
                send(exchange, 200, MALFORMED_BODY);
            }
            case NONE -> throw new IllegalStateException("No fault to inject");
        }
    }

    private byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            throw new XksException.UnsupportedOperation(
                    "The request body is larger than this proxy supports (" + maxBodyBytes + " bytes)");
        }
        return body;
    }

    private void sendError(HttpExchange exchange, XksErrorName name, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("errorName", name.name());
        body.put("errorMessage", errorMessage(message));
        try {
            send(exchange, name.httpStatus(), JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            log.debug("Could not send the error response", e);
        }
    }

    private void send(HttpExchange exchange, int status, byte[] json) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        answer(exchange, status, json);
    }

    /** Every answer goes out here, once the request is read to its end; a null body sends none. */
    private void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        if (!readToEnd(exchange.getRequestBody())) {
            exchange.getResponseHeaders().set("Connection", "close");
        }
        exchange.sendResponseHeaders(status, body != null ? body.length : -1);
        if (body != null) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /**
     * Reads what is left of the request body, up to the largest body the proxy accepts; false when more is left.
     * Left to the JDK's HTTPS server, the rest is read after the answer, maybe together with the client's next
     * request on the kept-alive connection, whose TLS records then wait undecrypted in SSLStreams until the client
     * gives up: the server only looks for decrypted leftovers before it waits on the socket again.
     */
    private boolean readToEnd(InputStream body) throws IOException {
        body.readNBytes(maxBodyBytes);
        return body.read() == -1;
    }

    /** XKS spec: fewer than 512 characters, printable ASCII only. */
    static String errorMessage(String message) {
        StringBuilder clean = new StringBuilder();
        String text = message != null ? message : "";
        for (int i = 0; i < text.length() && clean.length() < MAX_ERROR_MESSAGE_CHARS; i++) {
            char c = text.charAt(i);
            clean.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        return clean.toString();
    }

    private static int base64Length(int bytes) {
        return 4 * ((bytes + 2) / 3);
    }
}
