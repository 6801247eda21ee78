package io.keyhold.xksproxy.store;

import io.keyhold.xksproxy.config.XksProxyProperties.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One logical key store behind one URI path prefix: its SigV4 secrets by access key id, the external keys
 * it may use, its secondary-authorization rule and its fault injection.
 */
public final class LogicalStore {

    private final String prefix;
    private final boolean enabled;
    private final Map<String, String> secretsByAccessKeyId;
    private final Set<String> keyIds;
    private final List<Pattern> allowedPrincipals;
    private final Duration addedLatency;
    private final TokenBucket quota;
    private final Fault fault;

    public LogicalStore(String prefix, boolean enabled, Map<String, String> secretsByAccessKeyId, Set<String> keyIds,
            List<String> allowedPrincipals, Duration addedLatency, TokenBucket quota, Fault fault) {
        this.prefix = prefix;
        this.enabled = enabled;
        this.secretsByAccessKeyId = Map.copyOf(secretsByAccessKeyId);
        this.keyIds = Set.copyOf(keyIds);
        this.allowedPrincipals = allowedPrincipals.stream().map(LogicalStore::globToPattern).toList();
        this.addedLatency = addedLatency;
        this.quota = quota;
        this.fault = fault;
    }

    public String prefix() {
        return prefix;
    }

    /** How the store is named in logs: its prefix, or {@code /} for the empty prefix. */
    public String displayName() {
        return prefix.isEmpty() ? "/" : prefix;
    }

    public boolean enabled() {
        return enabled;
    }

    public Optional<String> secretFor(String accessKeyId) {
        return Optional.ofNullable(secretsByAccessKeyId.get(accessKeyId));
    }

    public boolean servesKey(String keyId) {
        return keyIds.contains(keyId);
    }

    /** Secondary authorization on {@code awsPrincipalArn}; an empty allow-list admits every principal. */
    public boolean admitsPrincipal(String principalArn) {
        return allowedPrincipals.isEmpty()
                || allowedPrincipals.stream().anyMatch(p -> p.matcher(principalArn).matches());
    }

    public Duration addedLatency() {
        return addedLatency;
    }

    /** The injected fault every authenticated request of this store is answered with, or {@link Fault#NONE}. */
    public Fault fault() {
        return fault;
    }

    /** False when the store has a quota and it is used up. */
    public boolean tryAcquireQuota() {
        return quota == null || quota.tryAcquire();
    }

    private static Pattern globToPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String literal : glob.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString());
    }
}
