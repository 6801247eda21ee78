package io.keyhold.connector.key;

import java.security.SecureRandom;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link KeyMaterialStore} in memory, for connector tests that have no database. */
public final class InMemoryKeyMaterialStore implements KeyMaterialStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, byte[]> material = new ConcurrentHashMap<>();

    @Override
    public void generate(String ref) {
        byte[] key = new byte[Aes256Gcm.KEY_BYTES];
        RANDOM.nextBytes(key);
        if (material.putIfAbsent(ref, key) != null) {
            throw new IllegalStateException("key material already exists under " + ref);
        }
    }

    @Override
    public byte[] reveal(String ref) {
        byte[] key = material.get(ref);
        if (key == null) {
            throw new NoSuchElementException("no key material under " + ref);
        }
        return key.clone();
    }

    @Override
    public void destroy(String ref) {
        material.remove(ref);
    }

    public Set<String> refs() {
        return Set.copyOf(material.keySet());
    }
}
