package io.keyhold.server.wire;

import static io.keyhold.server.wire.WireJson.JSON;
import static io.keyhold.server.wire.WireJson.base64;
import static io.keyhold.server.wire.WireJson.blob;
import static io.keyhold.server.wire.WireJson.bool;
import static io.keyhold.server.wire.WireJson.integer;
import static io.keyhold.server.wire.WireJson.text;

import io.keyhold.api.error.CustomKeyStoreInvalidStateException;
import io.keyhold.api.error.DryRunOperationException;
import io.keyhold.api.error.InvalidKeyUsageException;
import io.keyhold.api.error.UnsupportedOperationException;
import io.keyhold.api.error.ValidationException;
import io.keyhold.api.key.KmsKeyView;
import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.api.keystore.CustomKeyStoreSummary;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.connector.key.CryptoRequest;
import io.keyhold.server.crypto.CryptoService;
import io.keyhold.server.crypto.CryptoService.Decrypted;
import io.keyhold.server.crypto.KeyStoreSessions;
import io.keyhold.server.identity.Caller;
import io.keyhold.server.key.CustomKeyStores;
import io.keyhold.server.limits.RateLimits;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext) and GenerateRandom on the wire.
 * Symmetric keys only, so the one encryption algorithm is SYMMETRIC_DEFAULT.
 */
@Component
public class CryptoOperations implements KmsOperations {

    private static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";

    private final CryptoService crypto;
    private final KeyStoreSessions sessions;
    private final CustomKeyStores stores;
    private final RateLimits rateLimits;
    private final SecureRandom random = new SecureRandom();

    public CryptoOperations(CryptoService crypto, KeyStoreSessions sessions, CustomKeyStores stores,
                            RateLimits rateLimits) {
        this.crypto = crypto;
        this.sessions = sessions;
        this.stores = stores;
        this.rateLimits = rateLimits;
    }

    @Override
    public Map<String, KmsOperation> operations() {
        return Map.of(
                "Encrypt", this::encrypt,
                "Decrypt", this::decrypt,
                "ReEncrypt", this::reEncrypt,
                "GenerateDataKey", (request, caller, metadata) -> generateDataKey(request, caller, metadata, true),
                "GenerateDataKeyWithoutPlaintext", (request, caller, metadata) ->
                        generateDataKey(request, caller, metadata, false),
                "GenerateRandom", this::generateRandom);
    }

    private JsonNode encrypt(JsonNode request, Caller caller, MetaData metadata) {
        requireSymmetricDefault(request, "EncryptionAlgorithm");
        KmsKeyView key = crypto.admit(caller, text(request, "KeyId"), "kms:Encrypt", context(request, "EncryptionContext"));
        dryRun(request);
        byte[] ciphertext = crypto.encrypt(key, blob(request, "Plaintext"), context(request, "EncryptionContext"),
                cryptoRequest("Encrypt", metadata));
        return JSON.objectNode()
                .put("CiphertextBlob", base64(ciphertext))
                .put("KeyId", key.keyArn())
                .put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
    }

    private JsonNode decrypt(JsonNode request, Caller caller, MetaData metadata) {
        requireSymmetricDefault(request, "EncryptionAlgorithm");
        unsupportedRecipient(request);
        byte[] ciphertext = ciphertext(request, "CiphertextBlob");
        dryRun(request);
        Decrypted decrypted = crypto.decrypt(caller, ciphertext, context(request, "EncryptionContext"),
                text(request, "KeyId"), "kms:Decrypt", cryptoRequest("Decrypt", metadata));
        return JSON.objectNode()
                .put("KeyId", decrypted.key().keyArn())
                .put("Plaintext", base64(decrypted.plaintext()))
                .put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
    }

    private JsonNode reEncrypt(JsonNode request, Caller caller, MetaData metadata) {
        requireSymmetricDefault(request, "SourceEncryptionAlgorithm");
        requireSymmetricDefault(request, "DestinationEncryptionAlgorithm");
        KmsKeyView destination = crypto.admit(caller, text(request, "DestinationKeyId"), "kms:ReEncryptTo",
                context(request, "DestinationEncryptionContext"));
        dryRun(request);
        Decrypted source = crypto.decrypt(caller, ciphertext(request, "CiphertextBlob"),
                context(request, "SourceEncryptionContext"), text(request, "SourceKeyId"), "kms:ReEncryptFrom",
                cryptoRequest("ReEncrypt", metadata));
        byte[] ciphertext = crypto.encrypt(destination, source.plaintext(),
                context(request, "DestinationEncryptionContext"), cryptoRequest("ReEncrypt", metadata));
        return JSON.objectNode()
                .put("CiphertextBlob", base64(ciphertext))
                .put("SourceKeyId", source.key().keyArn())
                .put("KeyId", destination.keyArn())
                .put("SourceEncryptionAlgorithm", SYMMETRIC_DEFAULT)
                .put("DestinationEncryptionAlgorithm", SYMMETRIC_DEFAULT);
    }

    private JsonNode generateDataKey(JsonNode request, Caller caller, MetaData metadata, boolean withPlaintext) {
        unsupportedRecipient(request);
        int length = dataKeyLength(request);
        String action = withPlaintext ? "kms:GenerateDataKey" : "kms:GenerateDataKeyWithoutPlaintext";
        KmsKeyView key = crypto.admit(caller, text(request, "KeyId"), action, context(request, "EncryptionContext"));
        dryRun(request);
        byte[] dataKey = randomBytes(length);
        byte[] ciphertext = crypto.encrypt(key, dataKey, context(request, "EncryptionContext"),
                cryptoRequest(withPlaintext ? "GenerateDataKey" : "GenerateDataKeyWithoutPlaintext", metadata));
        ObjectNode response = JSON.objectNode()
                .put("CiphertextBlob", base64(ciphertext))
                .put("KeyId", key.keyArn());
        if (withPlaintext) {
            response.put("Plaintext", base64(dataKey));
        }
        return response;
    }

    /**
     * Without a store, random bytes from this server; with a CloudHSM store id, from its cluster,
     * which must be CONNECTED; XKS stores cannot generate random bytes (kms-api.md 6.4).
     */
    private JsonNode generateRandom(JsonNode request, Caller caller, MetaData metadata) {
        unsupportedRecipient(request);
        Integer numberOfBytes = integer(request, "NumberOfBytes");
        if (numberOfBytes == null) {
            throw new ValidationException("NumberOfBytes is required.");
        }
        String storeId = text(request, "CustomKeyStoreId");
        if (storeId == null) {
            return JSON.objectNode().put("Plaintext", base64(randomBytes(numberOfBytes)));
        }
        CustomKeyStoreSummary store = stores.find(caller, storeId);
        rateLimits.admitCrypto(storeId);
        if (store.customKeyStoreType() == CustomKeyStoreType.EXTERNAL_KEY_STORE) {
            throw new UnsupportedOperationException("GenerateRandom is not supported for external key stores.");
        }
        if (store.connectionState() != ConnectionState.CONNECTED) {
            throw new CustomKeyStoreInvalidStateException("Custom key store " + storeId + " is not connected.");
        }
        byte[] bytes = sessions.backend(storeId, storeId).generateRandom(numberOfBytes);
        return JSON.objectNode().put("Plaintext", base64(bytes));
    }

    private static int dataKeyLength(JsonNode request) {
        Integer numberOfBytes = integer(request, "NumberOfBytes");
        String keySpec = text(request, "KeySpec");
        if ((numberOfBytes == null) == (keySpec == null)) {
            throw new ValidationException("Please specify either number of bytes or key spec.");
        }
        if (numberOfBytes != null) {
            return numberOfBytes;
        }
        return "AES_128".equals(keySpec) ? 16 : 32;
    }

    private static byte[] ciphertext(JsonNode request, String member) {
        byte[] ciphertext = blob(request, member);
        if (ciphertext == null) {
            throw new ValidationException("1 validation error detected: Value null at '"
                    + Character.toLowerCase(member.charAt(0)) + member.substring(1)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return ciphertext;
    }

    private static Map<String, String> context(JsonNode request, String member) {
        JsonNode context = request.get(member);
        Map<String, String> values = new LinkedHashMap<>();
        if (context != null && context.isObject()) {
            context.properties().forEach(entry -> values.put(entry.getKey(), entry.getValue().asText()));
        }
        return values;
    }

    private static void requireSymmetricDefault(JsonNode request, String member) {
        String algorithm = text(request, member);
        if (algorithm != null && !SYMMETRIC_DEFAULT.equals(algorithm)) {
            throw new InvalidKeyUsageException("The encryption algorithm " + algorithm
                    + " is not valid for a symmetric encryption KMS key; use SYMMETRIC_DEFAULT.");
        }
    }

    private static void unsupportedRecipient(JsonNode request) {
        JsonNode recipient = request.get("Recipient");
        if (recipient != null && !recipient.isNull()) {
            throw new UnsupportedOperationException("Keyhold does not support Recipient (Nitro Enclaves attestation).");
        }
    }

    /** The checks ran; DryRun stops before anything is encrypted or decrypted. */
    private static void dryRun(JsonNode request) {
        if (bool(request, "DryRun")) {
            throw new DryRunOperationException("The request would have succeeded, but the DryRun option is set.");
        }
    }

    private static CryptoRequest cryptoRequest(String operation, MetaData metadata) {
        return new CryptoRequest(operation, (String) metadata.get(RequestMetadata.REQUEST_ID),
                (String) metadata.get(RequestMetadata.PRINCIPAL_ARN));
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
