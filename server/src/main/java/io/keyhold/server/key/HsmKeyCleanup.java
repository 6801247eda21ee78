package io.keyhold.server.key;

import io.keyhold.api.key.KeyOrigin;
import io.keyhold.api.key.KmsKeyDeleted;
import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.connector.key.BackingKey;
import io.keyhold.server.crypto.KeyStoreSessions;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After a key's waiting period, KMS makes a best effort to delete its key in the HSM cluster; so
 * does Keyhold, through a session when the store is connected. A key left behind is logged with its
 * label (the key ARN) so an operator can remove it, as KMS's DeleteKey event reports it.
 */
@Component
@ProcessingGroup(HsmKeyCleanup.PROCESSING_GROUP)
public class HsmKeyCleanup {

    public static final String PROCESSING_GROUP = "kms-key-hsm-cleanup";
    private static final Logger log = LoggerFactory.getLogger(HsmKeyCleanup.class);

    private final KeyStoreSessions sessions;
    private final CustomKeyStores stores;

    public HsmKeyCleanup(KeyStoreSessions sessions, CustomKeyStores stores) {
        this.sessions = sessions;
        this.stores = stores;
    }

    @EventHandler
    @DisallowReplay
    public void on(KmsKeyDeleted event) {
        if (event.origin() != KeyOrigin.AWS_CLOUDHSM) {
            return;
        }
        if (stores.connectionState(event.customKeyStoreId()).orElse(null) != ConnectionState.CONNECTED) {
            log.warn("Custom key store {} is not connected: the HSM key labelled {} stays in its cluster; "
                    + "delete it there", event.customKeyStoreId(), event.keyArn());
            return;
        }
        try {
            sessions.backend(event.customKeyStoreId(), event.keyArn())
                    .destroyKey(new BackingKey(event.keyId(), event.keyArn(), null, null));
            log.info("Deleted the HSM key labelled {} of deleted KMS key {}", event.keyArn(), event.keyId());
        } catch (RuntimeException e) {
            log.warn("Could not delete the HSM key labelled {}: {}; delete it in the cluster", event.keyArn(),
                    e.getMessage());
        }
    }
}
