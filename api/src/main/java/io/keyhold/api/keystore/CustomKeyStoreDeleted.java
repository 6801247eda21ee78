package io.keyhold.api.keystore;

public record CustomKeyStoreDeleted(
        String customKeyStoreId,
        String accountId) {
}
