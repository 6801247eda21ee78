package io.keyhold.api.key;

/**
 * The waiting period ended and the key is gone. Keyhold-held material under {@code materialRef}
 * is destroyed with it (crypto-shredding); the HSM key labelled {@code keyArn} is destroyed on a
 * best-effort basis, as KMS does.
 */
public record KmsKeyDeleted(
        String keyId,
        String keyArn,
        String accountId,
        String customKeyStoreId,
        KeyOrigin origin,
        String materialRef) {
}
