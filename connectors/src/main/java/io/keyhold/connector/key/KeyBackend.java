package io.keyhold.connector.key;

/**
 * Cryptography with the KMS keys of one connected custom key store, through this node's session
 * to its backing key store. Safe for concurrent use.
 *
 * <p>Failures are KMS errors ({@code io.keyhold.api.error}) naming the key ARN, as KMS reports
 * them for the store's type (connectors.md A.7, A.10, B.5): an XKS key fails every crypto call
 * with {@code KMSInvalidStateException}; an HSM key with {@code InvalidCiphertextException} for a
 * ciphertext that does not authenticate, {@code KeyUnavailableException} when its HSM key is gone
 * and {@code KMSInternalException} for other token failures. Messages never hold plaintext,
 * key material or credentials.
 */
public interface KeyBackend {

    /**
     * Creates the backing key of a new KMS key: an AES-256 HSM key labelled {@code keyArn}, or for
     * an XKS key checks the external key {@code xksKeyId} (GetKeyMetadata) and generates the inner
     * key. Returns what the KmsKeyCreated event records.
     */
    BackingKey createKey(String keyId, String keyArn, String xksKeyId, CryptoRequest request);

    /** Encrypts {@code plaintext} bound to {@code aad}; the result carries every IV, tag and proxy field. */
    byte[] encrypt(BackingKey key, byte[] plaintext, byte[] aad, CryptoRequest request);

    /** Reverses {@link #encrypt} with the same {@code aad}. */
    byte[] decrypt(BackingKey key, byte[] sealed, byte[] aad, CryptoRequest request);

    /** Destroys the backing key material Keyhold can reach; best effort, as KMS. */
    void destroyKey(BackingKey key);

    /** Random bytes from the backing key store (GenerateRandom with a CustomKeyStoreId). */
    byte[] generateRandom(int numberOfBytes);
}
