package io.keyhold.api.keystore;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the connection saga when a connection attempt failed or timed out. */
public record FailKeyStoreConnectionCommand(
        @TargetAggregateIdentifier String customKeyStoreId,
        String attemptId,
        ConnectionErrorCode connectionErrorCode) {
}
