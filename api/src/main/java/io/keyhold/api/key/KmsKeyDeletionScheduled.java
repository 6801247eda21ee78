package io.keyhold.api.key;

import java.time.Instant;

public record KmsKeyDeletionScheduled(String keyId, int pendingWindowInDays, Instant deletionDate) {
}
