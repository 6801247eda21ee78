package io.keyhold.connector.key;

/**
 * Key material Keyhold holds (the inner keys of XKS keys, the software cluster's keys), sealed
 * with AES-256-GCM under the master key in its own table; callers keep only the reference.
 */
public interface KeyMaterialStore {

    /**
     * Generates and stores a random 256-bit key under {@code ref}.
     *
     * @throws IllegalStateException if material is already stored under {@code ref}
     */
    void generate(String ref);

    /**
     * The material under {@code ref}, a fresh copy the caller should wipe after use; fails with
     * {@link java.util.NoSuchElementException} once destroyed.
     */
    byte[] reveal(String ref);

    /** Destroys the material under {@code ref} (crypto-shredding); idempotent. */
    void destroy(String ref);
}
