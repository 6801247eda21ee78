package io.keyhold.connector.xks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 the way an XKS proxy does, written from the AWS specification
 * with the JDK alone (nothing shared with the SDK signer under test): generic over SignedHeaders,
 * clock skew at most 5 minutes, payload hash over the body as received.
 */
final class SigV4Verifier {

    record Outcome(boolean valid, String problem, String accessKeyId, List<String> signedHeaders) {
    }

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, "
                    + "SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Map<String, String> secrets;
    private final String region;
    private final String service;

    SigV4Verifier(Map<String, String> secrets, String region, String service) {
        this.secrets = secrets;
        this.region = region;
        this.service = service;
    }

    /** @param header a request header's values by case-insensitive name, null when absent */
    Outcome verify(String method, String rawPath, String rawQuery, Function<String, List<String>> header,
                   byte[] body) {
        List<String> authorization = header.apply("Authorization");
        if (authorization == null || authorization.size() != 1) {
            return invalid("no Authorization header", null, List.of());
        }
        Matcher auth = AUTHORIZATION.matcher(authorization.get(0));
        if (!auth.matches()) {
            return invalid("malformed Authorization header", null, List.of());
        }
        String accessKeyId = auth.group(1);
        List<String> signedHeaders = Arrays.asList(auth.group(5).split(";"));
        String secret = secrets.get(accessKeyId);
        if (secret == null) {
            return invalid("unknown access key id", accessKeyId, signedHeaders);
        }
        if (!auth.group(3).equals(region) || !auth.group(4).equals(service)) {
            return invalid("wrong credential scope", accessKeyId, signedHeaders);
        }
        if (!signedHeaders.contains("host") || !signedHeaders.contains("x-amz-date")) {
            return invalid("host and x-amz-date must be signed", accessKeyId, signedHeaders);
        }
        String amzDate = header.apply("X-Amz-Date").get(0);
        Instant signedAt = Instant.from(AMZ_DATE.parse(amzDate));
        if (Duration.between(signedAt, Instant.now()).abs().compareTo(Duration.ofMinutes(5)) > 0) {
            return invalid("request time too skewed", accessKeyId, signedHeaders);
        }
        if (!amzDate.startsWith(auth.group(2))) {
            return invalid("credential date differs from X-Amz-Date", accessKeyId, signedHeaders);
        }
        String payloadHash = HexFormat.of().formatHex(sha256(body));
        List<String> contentSha = header.apply("x-amz-content-sha256");
        if (contentSha != null && !contentSha.get(0).equals(payloadHash)) {
            return invalid("x-amz-content-sha256 does not match the body", accessKeyId, signedHeaders);
        }

        StringBuilder canonical = new StringBuilder()
                .append(method).append('\n')
                .append(rawPath).append('\n')
                .append(rawQuery == null ? "" : rawQuery).append('\n');
        for (String name : signedHeaders) {
            List<String> values = header.apply(name);
            if (values == null) {
                return invalid("signed header " + name + " is missing", accessKeyId, signedHeaders);
            }
            canonical.append(name).append(':')
                    .append(String.join(",", values.stream().map(v -> v.trim().replaceAll(" +", " ")).toList()))
                    .append('\n');
        }
        canonical.append('\n').append(auth.group(5)).append('\n').append(payloadHash);

        String scope = auth.group(2) + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + HexFormat.of().formatHex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), auth.group(2));
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String expected = HexFormat.of().formatHex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.group(6).getBytes(StandardCharsets.US_ASCII))) {
            return invalid("signature mismatch", accessKeyId, signedHeaders);
        }
        return new Outcome(true, null, accessKeyId, signedHeaders);
    }

    private static Outcome invalid(String problem, String accessKeyId, List<String> signedHeaders) {
        return new Outcome(false, problem, accessKeyId, signedHeaders);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
