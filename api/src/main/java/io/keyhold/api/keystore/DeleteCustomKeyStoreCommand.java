package io.keyhold.api.keystore;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteCustomKeyStoreCommand(
        @TargetAggregateIdentifier String customKeyStoreId,
        String accountId) {
}
