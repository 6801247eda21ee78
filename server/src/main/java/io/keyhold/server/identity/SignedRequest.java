package io.keyhold.server.identity;

import io.keyhold.api.error.IncompleteSignatureException;

import jakarta.servlet.http.HttpServletRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What SigV4 signs of one HTTP request: method, raw path and query, headers by lower-case name with
 * their values as sent, and the exact body bytes.
 */
record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    static SignedRequest of(HttpServletRequest request, byte[] body) {
        Map<String, List<String>> headers = new TreeMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                    .addAll(Collections.list(request.getHeaders(name)));
        }
        return new SignedRequest(request.getMethod(), request.getRequestURI(),
                request.getQueryString() == null ? "" : request.getQueryString(), headers,
                body == null ? new byte[0] : body);
    }

    List<String> header(String lowerCaseName) {
        return headers.getOrDefault(lowerCaseName, List.of());
    }

    Optional<String> firstHeader(String lowerCaseName) {
        return header(lowerCaseName).stream().findFirst();
    }

    /** The query parameters, decoded; the first value of a repeated name wins. */
    Map<String, String> queryParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                parameters.putIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return parameters;
    }

    /** The raw query without the signature parameter, which the presigned form does not sign. */
    String rawQueryWithout(String parameter) {
        List<String> kept = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (!pair.isEmpty() && !decode(eq < 0 ? pair : pair.substring(0, eq)).equals(parameter)) {
                kept.add(pair);
            }
        }
        return String.join("&", kept);
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IncompleteSignatureException("Illegal percent-encoding in the query string. "
                    + "Re-examine the query-string parameters.");
        }
    }
}
