package io.keyhold.xksproxy.auth;

import io.keyhold.xksproxy.api.XksException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 header authentication over exactly the headers the client listed in
 * {@code SignedHeaders}: KMS signs {@code host;x-amz-date}, curl's {@code --aws-sigv4} signs
 * {@code content-type;host;x-amz-date} and the AWS SDK's {@code AwsV4HttpSigner} adds
 * {@code x-amz-content-sha256}; all three verify here.
 *
 * <p>Written by hand because the SDK's {@code AwsV4HttpSigner} always adds and signs
 * {@code x-amz-content-sha256}, so it cannot recompute a signature over {@code host;x-amz-date}.
 */
public final class SigV4Verifier {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern SIGNATURE_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");
    private static final HexFormat HEX = HexFormat.of();
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

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

        String payloadHash = HEX.formatHex(sha256(request.body()));
        List<String> claimedPayloadHash = request.header("x-amz-content-sha256");
        if (!claimedPayloadHash.isEmpty() && !claimedPayloadHash.equals(List.of(payloadHash))) {
            throw new XksException.AuthenticationFailed("x-amz-content-sha256 does not match the request body");
        }
        String canonicalRequest = String.join("\n",
                request.method(),
                request.rawPath().isEmpty() ? "/" : request.rawPath(),
                canonicalQuery(request.rawQuery()),
                canonicalHeaders(request, authorization.signedHeaders()),
                String.join(";", authorization.signedHeaders()),
                payloadHash);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = String.join("\n",
                ALGORITHM, amzDate, scope, HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] expected = HEX.formatHex(hmac(signingKey(secret, date), stringToSign)).getBytes(StandardCharsets.US_ASCII);
        byte[] provided = authorization.signature().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, provided)) {
            throw new XksException.AuthenticationFailed("The request signature does not match");
        }
        return authorization.accessKeyId();
    }

    private byte[] signingKey(String secret, String date) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        return hmac(key, "aws4_request");
    }

    private static String canonicalHeaders(SignedRequest request, List<String> signedHeaders) {
        StringBuilder canonical = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = request.header(name);
            if (values.isEmpty()) {
                throw new XksException.AuthenticationFailed("Signed header " + name + " is missing from the request");
            }
            List<String> trimmed = new ArrayList<>(values.size());
            for (String value : values) {
                trimmed.add(value.strip().replaceAll("\\s+", " "));
            }
            canonical.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        return canonical.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> parameters = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            parameters.add(new String[] {uriEncode(urlDecode(name)), uriEncode(urlDecode(value))});
        }
        parameters.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        List<String> encoded = new ArrayList<>(parameters.size());
        for (String[] parameter : parameters) {
            encoded.add(parameter[0] + "=" + parameter[1]);
        }
        return String.join("&", encoded);
    }

    private static String urlDecode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters, as SigV4 requires. */
    private static String uriEncode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(UPPER_HEX.toHexDigits(b));
            }
        }
        return encoded.toString();
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

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
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
