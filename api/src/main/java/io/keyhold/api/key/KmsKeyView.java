package io.keyhold.api.key;

import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.api.keystore.CustomKeyStoreType;

import java.time.Instant;

/**
 * A key as DescribeKey and the crypto guard see it: its own recorded state, and its store's
 * projected connection state read in the same query.
 */
public record KmsKeyView(
        String keyId,
        String keyArn,
        String accountId,
        String customKeyStoreId,
        CustomKeyStoreType storeType,
        ConnectionState storeConnectionState,
        KeyOrigin origin,
        String cloudHsmClusterId,
        String xksKeyId,
        String description,
        String policy,
        String materialRef,
        KeyState recordedState,
        Instant creationDate,
        Instant deletionDate,
        Integer pendingDeletionWindowInDays) {

    /** What KMS reports: UNAVAILABLE while the store is not CONNECTED, unless pending deletion. */
    public KeyState keyState() {
        if (recordedState == KeyState.PENDING_DELETION || storeConnectionState == ConnectionState.CONNECTED) {
            return recordedState;
        }
        return KeyState.UNAVAILABLE;
    }
}
