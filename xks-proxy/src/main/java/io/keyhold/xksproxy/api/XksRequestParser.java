package io.keyhold.xksproxy.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.keyhold.xksproxy.api.XksRequest.RequestMetadata;
import io.keyhold.xksproxy.crypto.AadRecipe;
import java.io.IOException;
import java.util.Base64;

/**
 * Turns a JSON body into an {@link XksRequest}: unknown fields are ignored (KMS adds fields over time),
 * missing or mistyped fields, bad Base64, an unsupported algorithm and oversized ciphertext metadata are
 * {@code ValidationException}; inputs above this proxy's limits are {@code UnsupportedOperationException}.
 */
public final class XksRequestParser {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final int maxPlaintextBytes;
    private final int maxAadBytes;

    public XksRequestParser(int maxPlaintextBytes, int maxAadBytes) {
        this.maxPlaintextBytes = maxPlaintextBytes;
        this.maxAadBytes = maxAadBytes;
    }

    public XksRequest parse(Operation operation, byte[] body) {
        JsonNode root = readObject(body);
        return switch (operation) {
            case GET_HEALTH_STATUS -> new XksRequest.GetHealthStatus(metadata(root, false, false));
            case GET_KEY_METADATA -> new XksRequest.GetKeyMetadata(metadata(root, true, false));
            case ENCRYPT -> encrypt(root);
            case DECRYPT -> decrypt(root);
        };
    }

    private XksRequest.Encrypt encrypt(JsonNode root) {
        RequestMetadata metadata = metadata(root, true, true);
        requireAesGcm(root);
        String cdivAlgorithm = optionalString(root, "ciphertextDataIntegrityValueAlgorithm");
        if (cdivAlgorithm != null && !cdivAlgorithm.equals("SHA_256")) {
            throw new XksException.Validation("ciphertextDataIntegrityValueAlgorithm must be SHA_256");
        }
        byte[] plaintext = binary(root, "plaintext", true, maxPlaintextBytes);
        if (plaintext.length == 0) {
            throw new XksException.Validation("plaintext must not be empty");
        }
        byte[] aad = binary(root, "additionalAuthenticatedData", false, maxAadBytes);
        return new XksRequest.Encrypt(metadata, plaintext, aad, cdivAlgorithm != null);
    }

    private XksRequest.Decrypt decrypt(JsonNode root) {
        RequestMetadata metadata = metadata(root, true, true);
        requireAesGcm(root);
        byte[] ciphertext = binary(root, "ciphertext", true, maxPlaintextBytes);
        if (ciphertext.length == 0) {
            throw new XksException.Validation("ciphertext must not be empty");
        }
        byte[] ciphertextMetadata = binary(root, "ciphertextMetadata", false, Integer.MAX_VALUE);
        if (ciphertextMetadata.length > AadRecipe.MAX_METADATA_BYTES) {
            throw new XksException.Validation("ciphertextMetadata must not exceed 20 bytes");
        }
        byte[] aad = binary(root, "additionalAuthenticatedData", false, maxAadBytes);
        byte[] iv = binary(root, "initializationVector", true, Integer.MAX_VALUE);
        byte[] tag = binary(root, "authenticationTag", true, Integer.MAX_VALUE);
        return new XksRequest.Decrypt(metadata, ciphertext, ciphertextMetadata, aad, iv, tag);
    }

    /**
     * Required fields per XKS spec v1.0.3: kmsRequestId and kmsOperation always, awsPrincipalArn for the key
     * operations, kmsKeyArn for Encrypt and Decrypt. Their content is opaque: checked for presence and type only.
     */
    private static RequestMetadata metadata(JsonNode root, boolean principalRequired, boolean keyArnRequired) {
        JsonNode metadata = root.get("requestMetadata");
        if (metadata == null || !metadata.isObject()) {
            throw new XksException.Validation("requestMetadata is required and must be an object");
        }
        String requestId = requiredString(metadata, "kmsRequestId", "requestMetadata.");
        String operation = requiredString(metadata, "kmsOperation", "requestMetadata.");
        String principal = principalRequired
                ? requiredString(metadata, "awsPrincipalArn", "requestMetadata.")
                : optionalString(metadata, "awsPrincipalArn");
        if (keyArnRequired) {
            requiredString(metadata, "kmsKeyArn", "requestMetadata.");
        }
        return new RequestMetadata(requestId, operation, principal);
    }

    private static void requireAesGcm(JsonNode root) {
        if (!"AES_GCM".equals(requiredString(root, "encryptionAlgorithm", ""))) {
            throw new XksException.Validation("encryptionAlgorithm must be AES_GCM");
        }
    }

    private static JsonNode readObject(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                throw new XksException.Validation("The request body must be a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw new XksException.Validation("The request body is not valid JSON");
        } catch (IOException e) {
            throw new XksException.Validation("The request body cannot be read");
        }
    }

    private static String requiredString(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            throw new XksException.Validation(path + field + " is required");
        }
        if (!value.isTextual()) {
            throw new XksException.Validation(path + field + " must be a string");
        }
        return value.textValue();
    }

    private static String optionalString(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new XksException.Validation(field + " must be a string");
        }
        return value.textValue();
    }

    /** Standard Base64 with padding (RFC 4648 section 4), canonical; absent optional fields are empty. */
    private static byte[] binary(JsonNode root, String field, boolean required, int maxBytes) {
        String encoded = required ? requiredBase64Text(root, field) : optionalString(root, field);
        if (encoded == null) {
            return new byte[0];
        }
        if ((long) encoded.length() > 4L * ((maxBytes + 2L) / 3)) {
            throw tooLarge(field, maxBytes);
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new XksException.Validation(field + " is not valid standard Base64");
        }
        if (!Base64.getEncoder().encodeToString(decoded).equals(encoded)) {
            throw new XksException.Validation(field + " is not canonical padded standard Base64");
        }
        if (decoded.length > maxBytes) {
            throw tooLarge(field, maxBytes);
        }
        return decoded;
    }

    private static String requiredBase64Text(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw new XksException.Validation(field + " is required");
        }
        if (!value.isTextual()) {
            throw new XksException.Validation(field + " must be a Base64 string");
        }
        return value.textValue();
    }

    private static XksException tooLarge(String field, int maxBytes) {
        return new XksException.UnsupportedOperation(
                field + " is larger than this proxy supports (" + maxBytes + " bytes)");
    }
}
