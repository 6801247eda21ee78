package io.keyhold.server.wire;

import static io.keyhold.server.wire.WireJson.JSON;
import static io.keyhold.server.wire.WireJson.bool;
import static io.keyhold.server.wire.WireJson.epochSeconds;
import static io.keyhold.server.wire.WireJson.integer;
import static io.keyhold.server.wire.WireJson.putIfPresent;
import static io.keyhold.server.wire.WireJson.text;

import io.keyhold.api.error.KMSInvalidStateException;
import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.error.UnsupportedOperationException;
import io.keyhold.api.key.AliasIds;
import io.keyhold.api.key.AliasPage;
import io.keyhold.api.key.CancelKmsKeyDeletionCommand;
import io.keyhold.api.key.CreateAliasCommand;
import io.keyhold.api.key.DeleteAliasCommand;
import io.keyhold.api.key.DisableKmsKeyCommand;
import io.keyhold.api.key.EnableKmsKeyCommand;
import io.keyhold.api.key.KeyOrigin;
import io.keyhold.api.key.KeyState;
import io.keyhold.api.key.KmsKeyPage;
import io.keyhold.api.key.KmsKeyView;
import io.keyhold.api.key.ListAliasesQuery;
import io.keyhold.api.key.ListKmsKeysQuery;
import io.keyhold.api.key.ScheduleKmsKeyDeletionCommand;
import io.keyhold.server.iam.Authorizer;
import io.keyhold.server.identity.Caller;
import io.keyhold.server.key.KeyResolver;
import io.keyhold.server.key.KmsKeyCreation;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The key and alias operations on the wire: CreateKey, DescribeKey, ListKeys, key state, aliases. */
@Component
public class KmsKeyOperations implements KmsOperations {

    private static final int DEFAULT_LIMIT = 100;
    private static final int DEFAULT_PENDING_WINDOW_DAYS = 30;
    /** Rotation and imported key material are impossible for keys in custom key stores (kms-api.md 6.3). */
    private static final List<String> UNSUPPORTED = List.of("EnableKeyRotation", "DisableKeyRotation",
            "GetKeyRotationStatus", "RotateKeyOnDemand", "ListKeyRotations", "GetParametersForImport",
            "ImportKeyMaterial", "DeleteImportedKeyMaterial");

    private final KmsKeyCreation creation;
    private final KeyResolver keys;
    private final Authorizer authorizer;
    private final CommandGateway commands;
    private final QueryGateway queries;

    public KmsKeyOperations(KmsKeyCreation creation, KeyResolver keys, Authorizer authorizer, CommandGateway commands,
                            QueryGateway queries) {
        this.creation = creation;
        this.keys = keys;
        this.authorizer = authorizer;
        this.commands = commands;
        this.queries = queries;
    }

    @Override
    public Map<String, KmsOperation> operations() {
        Map<String, KmsOperation> operations = new HashMap<>(Map.of(
                "CreateKey", this::createKey,
                "DescribeKey", (request, caller, metadata) ->
                        JSON.objectNode().set("KeyMetadata",
                                keyMetadata(keys.find(caller, text(request, "KeyId"), "kms:DescribeKey"))),
                "ListKeys", this::listKeys,
                "EnableKey", (request, caller, metadata) -> send(
                        new EnableKmsKeyCommand(ownKey(request, caller, "kms:EnableKey").keyId(), caller.accountId()), metadata),
                "DisableKey", (request, caller, metadata) -> send(
                        new DisableKmsKeyCommand(ownKey(request, caller, "kms:DisableKey").keyId(), caller.accountId()),
                        metadata),
                "ScheduleKeyDeletion", this::scheduleKeyDeletion,
                "CancelKeyDeletion", this::cancelKeyDeletion,
                "CreateAlias", this::createAlias,
                "DeleteAlias", this::deleteAlias,
                "ListAliases", this::listAliases));
        UNSUPPORTED.forEach(name -> operations.put(name, (request, caller, metadata) -> unsupported(name, request, caller)));
        return Map.copyOf(operations);
    }

    private JsonNode createKey(JsonNode request, Caller caller, MetaData metadata) {
        String keySpec = text(request, "KeySpec") != null ? text(request, "KeySpec") : text(request, "CustomerMasterKeySpec");
        KmsKeyView key = creation.create(caller, new KmsKeyCreation.Request(text(request, "CustomKeyStoreId"),
                text(request, "Origin"), text(request, "XksKeyId"), keySpec, text(request, "KeyUsage"),
                bool(request, "MultiRegion"), text(request, "Description"), text(request, "Policy")), metadata);
        return JSON.objectNode().set("KeyMetadata", keyMetadata(key));
    }

    private JsonNode listKeys(JsonNode request, Caller caller, MetaData metadata) {
        KmsKeyPage page = queries.query(new ListKmsKeysQuery(caller.accountId(), limit(request), text(request, "Marker")),
                KmsKeyPage.class).join();
        ObjectNode response = JSON.objectNode();
        ArrayNode entries = response.putArray("Keys");
        page.keys().forEach(key -> entries.addObject().put("KeyId", key.keyId()).put("KeyArn", key.keyArn()));
        return paged(response, page.truncated(), page.nextMarker());
    }

    private JsonNode scheduleKeyDeletion(JsonNode request, Caller caller, MetaData metadata) {
        KmsKeyView key = ownKey(request, caller, "kms:ScheduleKeyDeletion");
        Integer window = integer(request, "PendingWindowInDays");
        int days = window == null ? DEFAULT_PENDING_WINDOW_DAYS : window;
        Instant deletionDate = WireJson.send(commands,
                new ScheduleKmsKeyDeletionCommand(key.keyId(), caller.accountId(), days), metadata);
        return JSON.objectNode()
                .put("KeyId", key.keyArn())
                .put("DeletionDate", epochSeconds(deletionDate))
                .put("KeyState", KeyState.PENDING_DELETION.kmsName())
                .put("PendingWindowInDays", days);
    }

    private JsonNode cancelKeyDeletion(JsonNode request, Caller caller, MetaData metadata) {
        KmsKeyView key = ownKey(request, caller, "kms:CancelKeyDeletion");
        send(new CancelKmsKeyDeletionCommand(key.keyId(), caller.accountId()), metadata);
        return JSON.objectNode().put("KeyId", key.keyArn());
    }

    /**
     * The target must be a key of the caller's account (not an alias), and not pending deletion. As in
     * KMS, the caller needs kms:CreateAlias on the alias (IAM) and on the key.
     */
    private JsonNode createAlias(JsonNode request, Caller caller, MetaData metadata) {
        String aliasName = text(request, "AliasName");
        authorizer.authorizeResource(caller, "kms:CreateAlias", keys.aliasArn(caller.accountId(), aliasName));
        KmsKeyView target = keys.findOwn(caller, text(request, "TargetKeyId"), "kms:CreateAlias");
        if (target.keyState() == KeyState.PENDING_DELETION) {
            throw new KMSInvalidStateException(target.keyArn() + " is pending deletion.");
        }
        return send(new CreateAliasCommand(AliasIds.of(caller.accountId(), aliasName), caller.accountId(), aliasName,
                target.keyId()), metadata);
    }

    /** kms:DeleteAlias on the alias (IAM) and on the key it points to, if it exists (else the command reports it). */
    private JsonNode deleteAlias(JsonNode request, Caller caller, MetaData metadata) {
        String aliasName = text(request, "AliasName");
        authorizer.authorizeResource(caller, "kms:DeleteAlias", keys.aliasArn(caller.accountId(), aliasName));
        try {
            keys.findOwn(caller, aliasName, "kms:DeleteAlias");
        } catch (NotFoundException e) {
            // a missing alias is reported by DeleteAliasCommand with KMS's own message
        }
        return send(new DeleteAliasCommand(AliasIds.of(caller.accountId(), aliasName), caller.accountId(), aliasName),
                metadata);
    }

    private JsonNode listAliases(JsonNode request, Caller caller, MetaData metadata) {
        String keyId = text(request, "KeyId");
        AliasPage page = queries.query(new ListAliasesQuery(caller.accountId(),
                        keyId == null ? null : keys.findOwn(caller, keyId, "kms:ListAliases").keyId(), limit(request),
                        text(request, "Marker")),
                AliasPage.class).join();
        ObjectNode response = JSON.objectNode();
        ArrayNode entries = response.putArray("Aliases");
        page.aliases().forEach(alias -> entries.addObject()
                .put("AliasName", alias.aliasName())
                .put("AliasArn", keys.aliasArn(alias.accountId(), alias.aliasName()))
                .put("TargetKeyId", alias.targetKeyId())
                .put("CreationDate", epochSeconds(alias.creationDate()))
                .put("LastUpdatedDate", epochSeconds(alias.creationDate())));
        return paged(response, page.truncated(), page.nextMarker());
    }

    private JsonNode unsupported(String operation, JsonNode request, Caller caller) {
        KmsKeyView key = keys.find(caller, text(request, "KeyId"), "kms:" + operation);
        throw new UnsupportedOperationException(key.keyArn() + " origin is " + key.origin()
                + " which is not valid for this operation.");
    }

    /** KeyMetadata as KMS shows a key in a custom key store (kms-api.md 6.2). */
    private static ObjectNode keyMetadata(KmsKeyView key) {
        KeyState state = key.keyState();
        ObjectNode metadata = JSON.objectNode()
                .put("AWSAccountId", key.accountId())
                .put("KeyId", key.keyId())
                .put("Arn", key.keyArn())
                .put("CreationDate", epochSeconds(key.creationDate()))
                .put("Enabled", state == KeyState.ENABLED)
                .put("Description", key.description() == null ? "" : key.description())
                .put("KeyUsage", "ENCRYPT_DECRYPT")
                .put("KeyState", state.kmsName());
        if (state == KeyState.PENDING_DELETION) {
            metadata.put("DeletionDate", epochSeconds(key.deletionDate()));
            if (key.pendingDeletionWindowInDays() != null) {
                metadata.put("PendingDeletionWindowInDays", key.pendingDeletionWindowInDays());
            }
        }
        metadata.put("Origin", key.origin().name())
                .put("CustomKeyStoreId", key.customKeyStoreId());
        putIfPresent(metadata, "CloudHsmClusterId", key.cloudHsmClusterId());
        metadata.put("KeyManager", "CUSTOMER")
                .put("CustomerMasterKeySpec", "SYMMETRIC_DEFAULT")
                .put("KeySpec", "SYMMETRIC_DEFAULT");
        metadata.putArray("EncryptionAlgorithms").add("SYMMETRIC_DEFAULT");
        metadata.put("MultiRegion", false);
        if (key.origin() == KeyOrigin.EXTERNAL_KEY_STORE) {
            metadata.putObject("XksKeyConfiguration").put("Id", key.xksKeyId());
        }
        return metadata;
    }

    private KmsKeyView ownKey(JsonNode request, Caller caller, String action) {
        return keys.findOwn(caller, text(request, "KeyId"), action);
    }

    private static int limit(JsonNode request) {
        Integer limit = integer(request, "Limit");
        return limit == null ? DEFAULT_LIMIT : limit;
    }

    private static JsonNode paged(ObjectNode response, boolean truncated, String nextMarker) {
        if (truncated) {
            response.put("NextMarker", nextMarker);
        }
        return response.put("Truncated", truncated);
    }

    /** Commands whose KMS response is empty. */
    private JsonNode send(Object command, MetaData metadata) {
        WireJson.send(commands, command, metadata);
        return JSON.objectNode();
    }
}
