package io.keyhold.api.keystore;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ConnectCustomKeyStoreCommand(
        @TargetAggregateIdentifier String customKeyStoreId,
        String accountId) {
}
