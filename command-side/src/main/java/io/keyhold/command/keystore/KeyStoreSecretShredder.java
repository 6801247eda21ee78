package io.keyhold.command.keystore;

import io.keyhold.api.keystore.CustomKeyStoreDeleted;
import io.keyhold.api.keystore.KeyStoreCredentialUpdated;
import io.keyhold.api.keystore.KmsUserCredentialRotated;
import io.keyhold.command.secret.SecretStore;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/** Deletes credentials nobody can use any more: superseded ones, and all of a deleted store. */
@ProcessingGroup(KeyStoreLookupProjection.PROCESSING_GROUP)
public class KeyStoreSecretShredder {

    private final SecretStore secrets;

    public KeyStoreSecretShredder(SecretStore secrets) {
        this.secrets = secrets;
    }

    @EventHandler
    public void on(KeyStoreCredentialUpdated event) {
        secrets.retainOnly(event.customKeyStoreId(), event.credentialRef());
    }

    @EventHandler
    public void on(KmsUserCredentialRotated event) {
        secrets.retainOnly(event.customKeyStoreId(), event.credentialRef());
    }

    @EventHandler
    public void on(CustomKeyStoreDeleted event) {
        secrets.deleteAll(event.customKeyStoreId());
    }
}
