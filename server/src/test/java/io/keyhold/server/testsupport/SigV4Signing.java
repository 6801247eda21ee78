package io.keyhold.server.testsupport;

import io.keyhold.sigv4.SigV4;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Hand-made SigV4 for plain HTTP requests to a Keyhold on {@code localhost:port}, through the same
 * {@link SigV4} module the server verifies with; every part can be bent to test the verifier.
 *
 * @param sessionToken sent as {@code X-Amz-Security-Token} when not null
 */
public record SigV4Signing(String accessKeyId, String secret, String region, String service, Instant at,
                           String sessionToken) {

    /** Signs as {@code accessKeyId} with the secret the test declared for it, now, for kms in us-east-1. */
    public static SigV4Signing as(String accessKeyId) {
        return new SigV4Signing(accessKeyId, KeyholdTestProperties.secretOf(accessKeyId), "us-east-1", "kms",
                Instant.now(), null);
    }

    public SigV4Signing withSecret(String otherSecret) {
        return new SigV4Signing(accessKeyId, otherSecret, region, service, at, sessionToken);
    }

    public SigV4Signing withScope(String otherRegion, String otherService) {
        return new SigV4Signing(accessKeyId, secret, otherRegion, otherService, at, sessionToken);
    }

    public SigV4Signing at(Instant instant) {
        return new SigV4Signing(accessKeyId, secret, region, service, instant, sessionToken);
    }

    public SigV4Signing withSessionToken(String token) {
        return new SigV4Signing(accessKeyId, secret, region, service, at, token);
    }

    /**
     * {@code headers} plus {@code X-Amz-Date}, the session token and {@code Authorization}, signed
     * over host, every header given and the body.
     */
    public Map<String, String> headers(int port, String method, String rawPath, Map<String, String> headers, byte[] body) {
        String amzDate = SigV4.amzDate(at);
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.put("X-Amz-Date", amzDate);
        if (sessionToken != null) {
            signed.put("X-Amz-Security-Token", sessionToken);
        }
        SortedMap<String, List<String>> canonical = canonicalHeaders(port, signed);
        String signature = SigV4.signature(secret, amzDate, region, service,
                SigV4.canonicalRequest(method, rawPath, "", canonical, SigV4.payloadHash(body)));
        signed.put("Authorization", SigV4.authorization(accessKeyId, amzDate, region, service, canonical.keySet(), signature));
        return signed;
    }

    /** The query string of a presigned request valid for {@code expires}, signed over host, {@code headers} and the body. */
    public String presignedQuery(int port, String method, String rawPath, Map<String, String> headers, byte[] body,
                                 Duration expires) {
        String amzDate = SigV4.amzDate(at);
        SortedMap<String, List<String>> canonical = canonicalHeaders(port, headers);
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("X-Amz-Algorithm", SigV4.ALGORITHM);
        parameters.put("X-Amz-Credential", accessKeyId + "/" + amzDate.substring(0, 8) + "/" + region + "/" + service
                + "/aws4_request");
        parameters.put("X-Amz-Date", amzDate);
        parameters.put("X-Amz-Expires", Long.toString(expires.toSeconds()));
        if (sessionToken != null) {
            parameters.put("X-Amz-Security-Token", sessionToken);
        }
        parameters.put("X-Amz-SignedHeaders", String.join(";", canonical.keySet()));
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, value) -> query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        String signature = SigV4.signature(secret, amzDate, region, service,
                SigV4.canonicalRequest(method, rawPath, query.toString(), canonical, SigV4.payloadHash(body)));
        return query + "&X-Amz-Signature=" + signature;
    }

    /** Sets every header on a request being built. */
    public static HttpRequest.Builder withHeaders(HttpRequest.Builder request, Map<String, String> headers) {
        headers.forEach(request::header);
        return request;
    }

    private static SortedMap<String, List<String>> canonicalHeaders(int port, Map<String, String> headers) {
        SortedMap<String, List<String>> canonical = new TreeMap<>();
        canonical.put("host", List.of("localhost:" + port));
        headers.forEach((name, value) -> canonical.put(name.toLowerCase(Locale.ROOT), List.of(value)));
        return canonical;
    }
}
