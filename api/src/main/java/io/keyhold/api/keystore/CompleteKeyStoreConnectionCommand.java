package io.keyhold.api.keystore;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Sent by the connection saga when the connector opened a session; carries the rotated password, if any. */
public record CompleteKeyStoreConnectionCommand(
        @TargetAggregateIdentifier String customKeyStoreId,
        String attemptId,
        Secret rotatedKeyStorePassword) {
}
