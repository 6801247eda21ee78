package io.keyhold.api.keystore;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DisconnectCustomKeyStoreCommand(
        @TargetAggregateIdentifier String customKeyStoreId,
        String accountId) {
}
