package io.keyhold.api.key;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CancelKmsKeyDeletionCommand(@TargetAggregateIdentifier String keyId, String accountId) {
}
