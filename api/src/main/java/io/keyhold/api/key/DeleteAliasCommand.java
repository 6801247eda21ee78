package io.keyhold.api.key;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteAliasCommand(@TargetAggregateIdentifier String aliasId, String accountId, String aliasName) {
}
