package io.keyhold.xksproxy.backend;

import javax.crypto.SecretKey;

/** An AES key held by a {@link KeyBackend}; {@code bits} gives the XKS {@code keySpec}. */
public record BackendKey(String keyId, SecretKey key, int bits) {

    public String keySpec() {
        return "AES_" + bits;
    }
}
