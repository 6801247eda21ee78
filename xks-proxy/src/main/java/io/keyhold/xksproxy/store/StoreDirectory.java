package io.keyhold.xksproxy.store;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** All logical stores and external key policies of this proxy. */
public final class StoreDirectory {

    private final List<LogicalStore> storesLongestPrefixFirst;
    private final Map<String, KeyPolicy> keyPolicies;

    public StoreDirectory(List<LogicalStore> stores, List<KeyPolicy> keyPolicies) {
        this.storesLongestPrefixFirst = stores.stream()
                .sorted(Comparator.comparingInt((LogicalStore s) -> s.prefix().length()).reversed())
                .toList();
        this.keyPolicies = keyPolicies.stream().collect(Collectors.toUnmodifiableMap(KeyPolicy::keyId, Function.identity()));
    }

    /** Longest prefix first, so that {@code /a/b} wins over {@code /a} and both over the empty prefix. */
    public List<LogicalStore> storesLongestPrefixFirst() {
        return storesLongestPrefixFirst;
    }

    public Optional<KeyPolicy> keyPolicy(String keyId) {
        return Optional.ofNullable(keyPolicies.get(keyId));
    }
}
