package io.keyhold.api.keystore;

/** The caller supplied a new kmsuser password or XKS secret access key, stored under {@code credentialRef}. */
public record KeyStoreCredentialUpdated(
        String customKeyStoreId,
        String accountId,
        String credentialRef) {
}
