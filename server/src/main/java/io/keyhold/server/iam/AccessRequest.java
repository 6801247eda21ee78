package io.keyhold.server.iam;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a policy is evaluated against: the action ({@code kms:Encrypt}), the resource ARN, the
 * calling principal and the request's condition keys (names compared case-insensitively, as IAM does).
 */
public record AccessRequest(String action, String resource, String principalArn, String accountId,
                            Map<String, List<String>> conditionKeys) {

    public AccessRequest {
        conditionKeys = conditionKeys.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                entry -> entry.getKey().toLowerCase(Locale.ROOT), entry -> List.copyOf(entry.getValue())));
    }

    /** The values of a condition key, or null when the request does not carry it. */
    List<String> values(String key) {
        return conditionKeys.get(key.toLowerCase(Locale.ROOT));
    }
}
