package io.keyhold.api.key;

/** The scheduled deletion was cancelled; the key is DISABLED, as in KMS. */
public record KmsKeyDeletionCancelled(String keyId) {
}
