package io.keyhold.api.key;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code pendingWindowInDays} is 7–30, already validated against the model. */
public record ScheduleKmsKeyDeletionCommand(
        @TargetAggregateIdentifier String keyId,
        String accountId,
        int pendingWindowInDays) {
}
