package io.keyhold.api.keystore;

/** Keyhold rotated the kmsuser password while connecting, as KMS does; the new one is under {@code credentialRef}. */
public record KmsUserCredentialRotated(
        String customKeyStoreId,
        String accountId,
        String credentialRef) {
}
