package io.keyhold.xksproxy.store;

import io.keyhold.xksproxy.config.XksProxyProperties.KeyUsage;
import java.util.Set;

/** What the proxy allows one external key to do, independent of where its material lives. */
public record KeyPolicy(String keyId, Set<KeyUsage> usage, boolean enabled) {

    public KeyPolicy {
        usage = Set.copyOf(usage);
    }

    public boolean allows(KeyUsage operation) {
        return usage.contains(operation);
    }
}
