package io.keyhold.server.key;

import io.keyhold.api.error.CustomKeyStoreInvalidStateException;
import io.keyhold.api.error.UnsupportedOperationException;
import io.keyhold.api.error.ValidationException;
import io.keyhold.api.key.CreateKmsKeyCommand;
import io.keyhold.api.key.KeyOrigin;
import io.keyhold.api.key.KmsKeyView;
import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.api.keystore.CustomKeyStoreSummary;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.connector.key.BackingKey;
import io.keyhold.connector.key.CryptoRequest;
import io.keyhold.connector.key.KeyBackend;
import io.keyhold.server.crypto.KeyStoreSessions;
import io.keyhold.server.iam.PolicyDocument;
import io.keyhold.server.identity.Caller;

import java.util.UUID;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * CreateKey in a custom key store (kms-api.md 6.1): the store must be the caller's and CONNECTED,
 * the backing key is made first (an HSM key labelled with the new key's ARN, or the checked external
 * key and Keyhold's inner key), then the key is recorded. If recording fails, the backing key is
 * destroyed again, so nothing is left behind that no KMS key owns.
 */
@Component
public class KmsKeyCreation {

    private static final Logger log = LoggerFactory.getLogger(KmsKeyCreation.class);

    /** What CreateKey asks for, already validated against the model. */
    public record Request(String customKeyStoreId, String origin, String xksKeyId, String keySpec, String keyUsage,
                          boolean multiRegion, String description, String policy) {
    }

    private final CustomKeyStores stores;
    private final KeyStoreSessions sessions;
    private final KeyResolver keys;
    private final CommandGateway commands;

    public KmsKeyCreation(CustomKeyStores stores, KeyStoreSessions sessions, KeyResolver keys, CommandGateway commands) {
        this.stores = stores;
        this.sessions = sessions;
        this.keys = keys;
        this.commands = commands;
    }

    public KmsKeyView create(Caller caller, Request request, MetaData metadata) {
        KeyOrigin origin = origin(request);
        if (request.policy() != null) {
            PolicyDocument.parse(request.policy(), PolicyDocument.Kind.KEY);
        }
        if (request.keySpec() != null && !"SYMMETRIC_DEFAULT".equals(request.keySpec())
                || request.keyUsage() != null && !"ENCRYPT_DECRYPT".equals(request.keyUsage())
                || request.multiRegion()) {
            throw new UnsupportedOperationException("KMS keys in custom key stores must be single-Region "
                    + "symmetric encryption keys (KeySpec SYMMETRIC_DEFAULT, KeyUsage ENCRYPT_DECRYPT).");
        }
        CustomKeyStoreSummary store = stores.find(caller, request.customKeyStoreId());
        CustomKeyStoreType expected = origin == KeyOrigin.AWS_CLOUDHSM
                ? CustomKeyStoreType.AWS_CLOUDHSM : CustomKeyStoreType.EXTERNAL_KEY_STORE;
        if (store.customKeyStoreType() != expected) {
            throw new UnsupportedOperationException("Origin " + origin + " is not valid for custom key store "
                    + store.customKeyStoreId() + ", whose type is " + store.customKeyStoreType() + ".");
        }
        if (store.connectionState() != ConnectionState.CONNECTED) {
            throw new CustomKeyStoreInvalidStateException("Custom key store " + store.customKeyStoreId()
                    + " is not connected. Its connection state is " + store.connectionState() + ".");
        }
        String keyId = UUID.randomUUID().toString();
        String keyArn = keys.keyArn(caller.accountId(), keyId);
        KeyBackend backend = sessions.backend(store.customKeyStoreId(), keyArn);
        BackingKey backingKey = backend.createKey(keyId, keyArn, request.xksKeyId(),
                new CryptoRequest("CreateKey", (String) metadata.get("requestId"), caller.principalArn()));
        try {
            commands.sendAndWait(GenericCommandMessage.asCommandMessage(new CreateKmsKeyCommand(keyId, keyArn,
                    caller.accountId(), store.customKeyStoreId(), store.customKeyStoreType(), origin,
                    store.cloudHsmClusterId(), request.xksKeyId(), request.description() == null ? "" : request.description(),
                    request.policy() == null ? DefaultKeyPolicy.forAccount(caller.accountId()) : request.policy(),
                    backingKey.materialRef())).andMetaData(metadata));
        } catch (RuntimeException e) {
            log.info("CreateKey {} was not recorded ({}); destroying its backing key", keyArn, e.getClass().getSimpleName());
            backend.destroyKey(backingKey);
            throw e;
        }
        return keys.lookUp(caller, keyArn);
    }

    /**
     * Keyhold holds keys in custom key stores only. Parameter combinations the KMS documentation
     * leaves open are ValidationException (README, "KMS keys").
     */
    private static KeyOrigin origin(Request request) {
        String origin = request.origin();
        if (request.customKeyStoreId() == null) {
            if (origin == null || "AWS_KMS".equals(origin) || "EXTERNAL".equals(origin)) {
                throw new UnsupportedOperationException("Keyhold creates KMS keys only in custom key stores: "
                        + "specify a CustomKeyStoreId with Origin AWS_CLOUDHSM or EXTERNAL_KEY_STORE.");
            }
            throw new ValidationException("A CustomKeyStoreId is required when Origin is " + origin + ".");
        }
        if (!"AWS_CLOUDHSM".equals(origin) && !"EXTERNAL_KEY_STORE".equals(origin)) {
            throw new ValidationException("Origin must be AWS_CLOUDHSM or EXTERNAL_KEY_STORE when a CustomKeyStoreId "
                    + "is specified.");
        }
        boolean external = "EXTERNAL_KEY_STORE".equals(origin);
        if (external && request.xksKeyId() == null) {
            throw new ValidationException("An XksKeyId is required when Origin is EXTERNAL_KEY_STORE.");
        }
        if (!external && request.xksKeyId() != null) {
            throw new ValidationException("XksKeyId is valid only when Origin is EXTERNAL_KEY_STORE.");
        }
        return KeyOrigin.valueOf(origin);
    }
}
