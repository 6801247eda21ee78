package io.keyhold.server.identity;

import io.keyhold.api.error.IncompleteSignatureException;
import io.keyhold.api.error.InvalidSignatureException;
import io.keyhold.api.error.MissingAuthenticationTokenException;
import io.keyhold.sigv4.SigV4;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a request claims about its SigV4 signature, from the {@code Authorization} header or from the
 * presigned query parameters; parsing fails with the IncompleteSignature / MissingAuthenticationToken
 * messages AWS's front end sends. {@code expires} is empty for the header form.
 */
record SignatureClaim(String algorithm, String credential, List<String> signedHeaders, String signature,
                      String amzDate, Instant signedAt, Optional<Duration> expires, Optional<String> sessionToken) {

    static final String MISSING_TOKEN = "Request is missing Authentication Token";
    static final Duration MAX_EXPIRES = Duration.ofDays(7);

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final List<String> HEADER_PARTS = List.of("Credential", "Signature", "SignedHeaders");
    private static final List<String> QUERY_PARTS =
            List.of("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-SignedHeaders", "X-Amz-Date");

    static SignatureClaim of(SignedRequest request) {
        Optional<String> authorization = request.firstHeader("authorization").filter(value -> !value.isBlank());
        Map<String, String> query = request.queryParameters();
        if (query.containsKey("X-Amz-Algorithm")) {
            if (authorization.isPresent()) {
                throw new InvalidSignatureException(
                        "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
            }
            return fromQuery(query);
        }
        return fromHeader(request, authorization.orElseThrow(() -> new MissingAuthenticationTokenException(MISSING_TOKEN)));
    }

    /** {@code Credential=id/date/region/service/aws4_request} split in its five parts. */
    List<String> scope() {
        String[] parts = credential.split("/", -1);
        if (parts.length != 5) {
            throw new IncompleteSignatureException("Credential must have exactly 5 slash-delimited elements, "
                    + "e.g. keyid/date/region/service/term, got '" + credential + "'");
        }
        return List.of(parts);
    }

    String accessKeyId() {
        return credential.split("/", 2)[0];
    }

    private static SignatureClaim fromHeader(SignedRequest request, String authorization) {
        String trimmed = authorization.strip();
        if (!trimmed.startsWith("AWS4-")) {
            throw new MissingAuthenticationTokenException(MISSING_TOKEN);
        }
        int space = trimmed.indexOf(' ');
        String algorithm = space < 0 ? trimmed : trimmed.substring(0, space);
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : (space < 0 ? "" : trimmed.substring(space + 1)).split(",")) {
            String pair = part.strip();
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IncompleteSignatureException("'" + pair + "' not a valid key=value pair (missing equal-sign) "
                        + "in Authorization header: '" + authorization + "'.");
            }
            parts.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
        }
        Optional<String> amzDate = request.firstHeader("x-amz-date");
        Optional<String> date = amzDate.isPresent() ? amzDate : request.firstHeader("date");
        StringBuilder missing = new StringBuilder();
        for (String name : HEADER_PARTS) {
            if (parts.getOrDefault(name, "").isEmpty() && !(name.equals("SignedHeaders") && parts.containsKey(name))) {
                missing.append("Authorization header requires '").append(name).append("' parameter. ");
            }
        }
        if (date.isEmpty()) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!missing.isEmpty()) {
            throw new IncompleteSignatureException(missing + "Authorization=" + authorization);
        }
        Instant signedAt = amzDate.isPresent() ? parseAmzDate(amzDate.get()) : parseHttpDate(date.get());
        return new SignatureClaim(algorithm, parts.get("Credential"), signedHeaders(parts.get("SignedHeaders")),
                parts.get("Signature"), SigV4.amzDate(signedAt), signedAt, Optional.empty(),
                request.firstHeader("x-amz-security-token"));
    }

    private static SignatureClaim fromQuery(Map<String, String> query) {
        StringBuilder missing = new StringBuilder();
        for (String name : QUERY_PARTS) {
            if (query.getOrDefault(name, "").isEmpty() && !(name.equals("X-Amz-SignedHeaders") && query.containsKey(name))) {
                missing.append("AWS query-string parameters must include '").append(name).append("'. ");
            }
        }
        if (!missing.isEmpty()) {
            throw new IncompleteSignatureException(missing + "Re-examine the query-string parameters.");
        }
        String amzDate = query.get("X-Amz-Date");
        return new SignatureClaim(query.get("X-Amz-Algorithm"), query.get("X-Amz-Credential"),
                signedHeaders(query.get("X-Amz-SignedHeaders")), query.get("X-Amz-Signature"), amzDate,
                parseAmzDate(amzDate), Optional.of(parseExpires(query.get("X-Amz-Expires"))),
                Optional.ofNullable(query.get("X-Amz-Security-Token")));
    }

    private static List<String> signedHeaders(String value) {
        return Arrays.stream(value.split(";")).map(String::strip).filter(name -> !name.isEmpty()).toList();
    }

    private static Duration parseExpires(String value) {
        if (value == null) {
            return MAX_EXPIRES;
        }
        try {
            Duration expires = Duration.ofSeconds(Long.parseLong(value));
            if (!expires.isNegative() && expires.compareTo(MAX_EXPIRES) <= 0) {
                return expires;
            }
        } catch (NumberFormatException e) {
            // falls through to the one message for every bad value
        }
        throw new IncompleteSignatureException("X-Amz-Expires must be a whole number of seconds from 0 to 604800, got '"
                + value + "'. Re-examine the query-string parameters.");
    }

    private static Instant parseAmzDate(String value) {
        try {
            return LocalDateTime.parse(value, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw badDate(value);
        }
    }

    private static Instant parseHttpDate(String value) {
        try {
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw badDate(value);
        }
    }

    private static IncompleteSignatureException badDate(String value) {
        return new IncompleteSignatureException("Date must be in ISO-8601 'basic format'. Got '" + value
                + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }
}
