package io.keyhold.xksproxy.auth;

import io.keyhold.sigv4.SigV4;
import io.keyhold.xksproxy.api.XksException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Verifies AWS Signature Version 4 header authentication over exactly the headers the client listed in
 * {@code SignedHeaders}: KMS signs {@code host;x-amz-date}, curl's {@code --aws-sigv4} signs
 * {@code content-type;host;x-amz-date} and the AWS SDK's {@code AwsV4HttpSigner} adds
 * {@code x-amz-content-sha256}; all three verify here.
 *
 * <p>The signature itself is computed by {@link SigV4}, which Keyhold's XKS client signs with too.
 */
public final class SigV4Verifier {

    public static final String ALGORITHM = SigV4.ALGORITHM;
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern SIGNATURE_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");

    private final String region;
    private final String service;
    private final Clock clock;

    public SigV4Verifier(String region, String service, Clock clock) {
        this.region = region;
        this.service = service;
        this.clock = clock;
    }

    /**
     * Returns the access key id whose secret produced the signature.
     *
     * @param secretForAccessKeyId the secret of an access key id, empty for unknown ids
     * @throws XksException.AuthenticationFailed for every kind of mismatch
     */
    public String verify(SignedRequest request, Function<String, Optional<String>> secretForAccessKeyId) {
        AuthorizationHeader authorization = AuthorizationHeader.parse(single(request, "authorization"));
        String amzDate = single(request, "x-amz-date");
        Instant signedAt = parseAmzDate(amzDate);
        Duration skew = Duration.between(signedAt, clock.instant()).abs();
        if (skew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new XksException.AuthenticationFailed(
                    "X-Amz-Date " + amzDate + " is more than 5 minutes away from the proxy's clock");
        }
        String date = amzDate.substring(0, 8);
        if (!authorization.date().equals(date)) {
            throw new XksException.AuthenticationFailed("The credential scope date does not match X-Amz-Date");
        }
        if (!authorization.region().equals(region)) {
            throw new XksException.AuthenticationFailed("The credential scope must name region " + region);
        }
        if (!authorization.service().equals(service)) {
            throw new XksException.AuthenticationFailed("The credential scope must name service " + service);
        }
        String secret = secretForAccessKeyId.apply(authorization.accessKeyId())
                .orElseThrow(() -> new XksException.AuthenticationFailed("Unknown access key id"));

        String payloadHash = SigV4.payloadHash(request.body());
        List<String> claimedPayloadHash = request.header("x-amz-content-sha256");
        if (!claimedPayloadHash.isEmpty() && !claimedPayloadHash.equals(List.of(payloadHash))) {
            throw new XksException.AuthenticationFailed("x-amz-content-sha256 does not match the request body");
        }
        String canonicalRequest = SigV4.canonicalRequest(request.method(), request.rawPath(), request.rawQuery(),
                signedHeaders(request, authorization.signedHeaders()), payloadHash);
        byte[] expected = SigV4.signature(secret, amzDate, region, service, canonicalRequest)
                .getBytes(StandardCharsets.US_ASCII);
        byte[] provided = authorization.signature().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, provided)) {
            throw new XksException.AuthenticationFailed("The request signature does not match");
        }
        return authorization.accessKeyId();
    }

    /** The signed headers' values as sent; a signed header the request lacks fails the check. */
    private static SortedMap<String, List<String>> signedHeaders(SignedRequest request, List<String> names) {
        SortedMap<String, List<String>> headers = new TreeMap<>();
        for (String name : names) {
            List<String> values = request.header(name);
            if (values.isEmpty()) {
                throw new XksException.AuthenticationFailed("Signed header " + name + " is missing from the request");
            }
            headers.put(name, values);
        }
        return headers;
    }

    private static String single(SignedRequest request, String header) {
        List<String> values = request.header(header);
        if (values.size() != 1) {
            throw new XksException.AuthenticationFailed(
                    values.isEmpty() ? "Missing " + header + " header" : "More than one " + header + " header");
        }
        return values.get(0);
    }

    private static Instant parseAmzDate(String amzDate) {
        try {
            return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new XksException.AuthenticationFailed("X-Amz-Date must have the form yyyyMMddTHHmmssZ");
        }
    }

    /** {@code AWS4-HMAC-SHA256 Credential=id/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex}. */
    record AuthorizationHeader(String accessKeyId, String date, String region, String service,
            List<String> signedHeaders, String signature) {

        static AuthorizationHeader parse(String header) {
            if (!header.startsWith(ALGORITHM + " ")) {
                throw new XksException.AuthenticationFailed("Authorization must use " + ALGORITHM);
            }
            Map<String, String> components = new LinkedHashMap<>();
            for (String component : header.substring(ALGORITHM.length() + 1).split(",")) {
                String trimmed = component.strip();
                int eq = trimmed.indexOf('=');
                if (eq <= 0 || components.put(trimmed.substring(0, eq), trimmed.substring(eq + 1)) != null) {
                    throw new XksException.AuthenticationFailed("Malformed Authorization header");
                }
            }
            if (!components.keySet().equals(Set.of("Credential", "SignedHeaders", "Signature"))) {
                throw new XksException.AuthenticationFailed(
                        "Authorization must carry exactly Credential, SignedHeaders and Signature");
            }
            String[] scope = components.get("Credential").split("/", -1);
            if (scope.length != 5 || scope[0].isEmpty() || !scope[4].equals("aws4_request")) {
                throw new XksException.AuthenticationFailed("Malformed credential scope");
            }
            List<String> signedHeaders = Arrays.asList(components.get("SignedHeaders").split(";", -1));
            for (int i = 0; i < signedHeaders.size(); i++) {
                String name = signedHeaders.get(i);
                if (!HEADER_NAME.matcher(name).matches() || (i > 0 && signedHeaders.get(i - 1).compareTo(name) >= 0)) {
                    throw new XksException.AuthenticationFailed(
                            "SignedHeaders must be distinct lower-case header names in sorted order");
                }
            }
            if (!signedHeaders.contains("host") || !signedHeaders.contains("x-amz-date")) {
                throw new XksException.AuthenticationFailed("SignedHeaders must include host and x-amz-date");
            }
            String signature = components.get("Signature");
            if (!SIGNATURE_HEX.matcher(signature).matches()) {
                throw new XksException.AuthenticationFailed("Signature must be 64 lower-case hex digits");
            }
            return new AuthorizationHeader(scope[0], scope[1], scope[2], scope[3], List.copyOf(signedHeaders), signature);
        }
    }
}
