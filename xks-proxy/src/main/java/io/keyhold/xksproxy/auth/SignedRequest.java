package io.keyhold.xksproxy.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The parts of an HTTP request that SigV4 covers, with header names looked up case-insensitively. */
public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    public SignedRequest {
        Map<String, List<String>> byLowerCaseName = new TreeMap<>();
        headers.forEach((name, values) -> byLowerCaseName
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
        headers = byLowerCaseName;
        rawQuery = rawQuery != null ? rawQuery : "";
    }

    public List<String> header(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
