package io.keyhold.command.key;

import java.time.Instant;

/**
 * The payload of a KMS key's deletion deadline: the deletion date it was scheduled for, so a
 * deadline of an earlier, cancelled schedule is recognised and ignored.
 */
public record KmsKeyDeletionDue(Instant deletionDate) {
}
