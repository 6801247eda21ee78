package io.keyhold.api.keystore;

/** A connection attempt started; the store is CONNECTING until the attempt succeeds or fails. */
public record KeyStoreConnecting(
        String customKeyStoreId,
        String accountId,
        String attemptId,
        ConnectionTarget target) {
}
