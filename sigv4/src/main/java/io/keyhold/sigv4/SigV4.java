package io.keyhold.sigv4;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 (header form) over exactly the headers the caller names. The AWS SDK's
 * signers always add and sign {@code x-amz-content-sha256}, so they can neither produce KMS's
 * {@code host;x-amz-date} signature for XKS proxies nor recompute one to verify it.
 */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private static final HexFormat HEX = HexFormat.of();
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private SigV4() {
    }

    /** The {@code X-Amz-Date} value of an instant. */
    public static String amzDate(Instant instant) {
        return AMZ_DATE.format(instant);
    }

    /** Lower-case hex SHA-256 of the body: the payload hash of the canonical request. */
    public static String payloadHash(byte[] body) {
        return HEX.formatHex(sha256(body));
    }

    /**
     * The canonical request; {@code signedHeaders} maps each lower-case header name, in sorted
     * order, to its values as sent.
     */
    public static String canonicalRequest(String method, String rawPath, String rawQuery,
                                          SortedMap<String, List<String>> signedHeaders, String payloadHash) {
        StringBuilder headers = new StringBuilder();
        signedHeaders.forEach((name, values) -> headers.append(name).append(':')
                .append(String.join(",", values.stream().map(v -> v.strip().replaceAll("\\s+", " ")).toList()))
                .append('\n'));
        return String.join("\n", method, rawPath.isEmpty() ? "/" : rawPath, canonicalQuery(rawQuery),
                headers.toString(), String.join(";", signedHeaders.keySet()), payloadHash);
    }

    /** The hex signature of a canonical request, with the key derived from {@code secret}. */
    public static String signature(String secret, String amzDate, String region, String service, String canonicalRequest) {
        String date = amzDate.substring(0, 8);
        String stringToSign = String.join("\n", ALGORITHM, amzDate, scope(date, region, service),
                HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return HEX.formatHex(hmac(key, stringToSign));
    }

    /** The {@code Authorization} header value for a signature. */
    public static String authorization(String accessKeyId, String amzDate, String region, String service,
                                       Iterable<String> signedHeaderNames, String signature) {
        return ALGORITHM + " Credential=" + accessKeyId + "/" + scope(amzDate.substring(0, 8), region, service)
                + ", SignedHeaders=" + String.join(";", signedHeaderNames) + ", Signature=" + signature;
    }

    private static String scope(String date, String region, String service) {
        return date + "/" + region + "/" + service + "/aws4_request";
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<Map.Entry<String, String>> parameters = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                parameters.add(Map.entry(uriEncode(urlDecode(name)), uriEncode(urlDecode(value))));
            }
        }
        parameters.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        return String.join("&", parameters.stream().map(p -> p.getKey() + "=" + p.getValue()).toList());
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
}
