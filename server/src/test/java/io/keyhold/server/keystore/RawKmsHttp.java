package io.keyhold.server.keystore;

import io.keyhold.server.testsupport.SigV4Signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain HTTP against the KMS endpoint, without the SDK: to see exactly what goes over the wire. */
final class RawKmsHttp {

    static final String AMZ_JSON = "application/x-amz-json-1.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    RawKmsHttp(int port) {
        this.port = port;
    }

    HttpResponse<String> call(TestAccount account, String operation, String body) {
        return signedPost("TrentService." + operation, account.accessKeyId(), body);
    }

    /** POST / with the given X-Amz-Target (left out when null), signed as {@code accessKeyId}. */
    HttpResponse<String> signedPost(String target, String accessKeyId, String body) {
        return signedPost(target, accessKeyId, AMZ_JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    /** As above, with any Content-Type (left out when null) and body bytes. */
    HttpResponse<String> signedPost(String target, String accessKeyId, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        if (target != null) {
            headers.put("X-Amz-Target", target);
        }
        return send(SigV4Signing.withHeaders(postRequest(body),
                SigV4Signing.as(accessKeyId).headers(port, "POST", "/", headers, body)).build());
    }

    /** POST / with the given X-Amz-Target and a hand-written Authorization; a null header is left out. */
    HttpResponse<String> post(String target, String authorization, String body) {
        return post(target, authorization, AMZ_JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    /** POST / with any Content-Type (left out when null), body bytes and a hand-written Authorization. */
    HttpResponse<String> post(String target, String authorization, String contentType, byte[] body) {
        HttpRequest.Builder request = postRequest(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    private HttpRequest.Builder postRequest(byte[] body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }
}
