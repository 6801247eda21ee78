package io.keyhold.api.keystore;

public record CustomKeyStoreRenamed(
        String customKeyStoreId,
        String accountId,
        String customKeyStoreName) {
}
