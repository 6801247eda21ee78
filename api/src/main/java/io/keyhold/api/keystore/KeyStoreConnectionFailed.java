package io.keyhold.api.keystore;

public record KeyStoreConnectionFailed(
        String customKeyStoreId,
        String accountId,
        String attemptId,
        ConnectionErrorCode connectionErrorCode) {
}
