package io.keyhold.api.keystore;

/** The store was disconnected; {@code attemptId} names the connection attempt it ended, if any. */
public record KeyStoreDisconnected(
        String customKeyStoreId,
        String accountId,
        String attemptId) {
}
