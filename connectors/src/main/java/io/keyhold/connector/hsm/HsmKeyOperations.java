package io.keyhold.connector.hsm;

/**
 * Key operations on a logged-in HSM cluster: AES-256 keys named by their KMS key ARN, used for
 * AES-GCM with a 12-byte IV and a 16-byte tag. Safe for concurrent use.
 *
 * <p>A key that does not exist fails with {@link HsmKeyNotFoundException}; any other token
 * failure, a closed session, or no free HSM session within the wait bound fails with
 * {@link HsmOperationException} ({@link NoFreeHsmSessionException} for the last). Messages never
 * contain plaintext or key material.
 */
public interface HsmKeyOperations {

    /**
     * Generates a persistent, non-extractable AES-256 key labelled {@code keyArn}.
     *
     * @throws IllegalStateException if a key with that label already exists
     */
    void generateKey(String keyArn);

    /** Encrypts under a fresh random IV; {@code aad} may be null or empty. */
    GcmCiphertext encrypt(String keyArn, byte[] plaintext, byte[] aad);

    /** Decrypts and authenticates; a wrong tag or AAD fails with {@link HsmCiphertextException}. */
    byte[] decrypt(String keyArn, GcmCiphertext ciphertext, byte[] aad);

    /** Destroys the key labelled {@code keyArn}. */
    void destroyKey(String keyArn);

    /** Random bytes from the HSM's generator. */
    byte[] generateRandom(int numberOfBytes);
}
