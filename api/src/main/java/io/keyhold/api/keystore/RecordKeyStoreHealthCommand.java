package io.keyhold.api.keystore;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the connection saga after each periodic health check of a connected store. */
public record RecordKeyStoreHealthCommand(
        @TargetAggregateIdentifier String customKeyStoreId,
        String attemptId,
        KeyStoreHealth health,
        ConnectionErrorCode problem) {
}
