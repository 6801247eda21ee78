package io.keyhold.connector.key;

import javax.crypto.AEADBadTagException;

/**
 * Seals what Keyhold stores at rest (credentials, key material) with AES-256-GCM under the
 * 32-byte master key, as {@code iv ‖ ciphertext ‖ tag}. Callers bind each row's reference in as
 * AAD, so a ciphertext moved to another row no longer opens.
 */
public final class MasterKeySealer {

    private final byte[] masterKey;

    public MasterKeySealer(byte[] masterKey) {
        if (masterKey.length != Aes256Gcm.KEY_BYTES) {
            throw new IllegalArgumentException("the master key must be 256 bits");
        }
        this.masterKey = masterKey.clone();
    }

    public byte[] seal(byte[] plaintext, byte[] aad) {
        return Aes256Gcm.seal(masterKey, plaintext, aad);
    }

    /**
     * @throws IllegalStateException if the bytes do not open under the master key with {@code aad}:
     *                               they were altered, moved, or sealed under another master key
     */
    public byte[] open(byte[] sealed, byte[] aad) {
        try {
            return Aes256Gcm.open(masterKey, sealed, aad);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("stored data does not open under the master key", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKeySealer[****]";
    }
}
