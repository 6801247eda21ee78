package io.keyhold.server.key;

import io.keyhold.api.key.KmsKeyDeleted;
import io.keyhold.connector.key.KeyMaterialStore;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Crypto-shredding: the Keyhold-held material of a deleted key goes in the transaction that
 * records the deletion, so no ciphertext of that key can be decrypted afterwards. Events keep only
 * the reference, so a replay still succeeds.
 */
@Component
@ProcessingGroup(KeyMaterialShredder.PROCESSING_GROUP)
public class KeyMaterialShredder {

    public static final String PROCESSING_GROUP = "kms-key-material";

    private final KeyMaterialStore material;

    public KeyMaterialShredder(KeyMaterialStore material) {
        this.material = material;
    }

    @EventHandler
    @DisallowReplay
    public void on(KmsKeyDeleted event) {
        if (event.materialRef() != null) {
            material.destroy(event.materialRef());
        }
    }
}
