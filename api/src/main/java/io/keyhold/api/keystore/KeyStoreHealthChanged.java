package io.keyhold.api.keystore;

/**
 * A periodic health check of a connected store found a different health than the one before;
 * {@code problem} names the cause when the store was UNREACHABLE.
 */
public record KeyStoreHealthChanged(
        String customKeyStoreId,
        String accountId,
        String attemptId,
        KeyStoreHealth health,
        ConnectionErrorCode problem) {
}
