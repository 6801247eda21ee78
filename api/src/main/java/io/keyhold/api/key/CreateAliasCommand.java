package io.keyhold.api.key;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code aliasId} is {@link AliasIds#of}(accountId, aliasName); the target key is in the same account. */
public record CreateAliasCommand(
        @TargetAggregateIdentifier String aliasId,
        String accountId,
        String aliasName,
        String targetKeyId) {
}
