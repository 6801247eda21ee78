package io.keyhold.api.key;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DisableKmsKeyCommand(@TargetAggregateIdentifier String keyId, String accountId) {
}
