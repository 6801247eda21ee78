package io.keyhold.api.key;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record EnableKmsKeyCommand(@TargetAggregateIdentifier String keyId, String accountId) {
}
