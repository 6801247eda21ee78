package io.keyhold.api.keystore;

public record KeyStoreConnected(
        String customKeyStoreId,
        String accountId,
        String attemptId) {
}
