package io.keyhold.xksproxy.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.UUID;

/** Request bodies as KMS (and the compliance client) sends them. */
public final class Bodies {

    public static final String PRINCIPAL = "arn:aws:iam::123456789012:user/Alice";
    public static final String KMS_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Bodies() {
    }

    public static String health() {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("requestMetadata").put("kmsRequestId", UUID.randomUUID().toString())
                .put("kmsOperation", "KmsHealthCheck");
        return body.toString();
    }

    public static String metadata() {
        return withMetadata("CreateKey", PRINCIPAL).toString();
    }

    public static ObjectNode withMetadata(String kmsOperation, String principal) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("requestMetadata")
                .put("awsPrincipalArn", principal)
                .put("kmsKeyArn", KMS_KEY_ARN)
                .put("kmsOperation", kmsOperation)
                .put("kmsRequestId", UUID.randomUUID().toString())
                .put("kmsViaService", "ebs");
        return body;
    }

    /** {@code aad} may be null; {@code cdiv} asks for a ciphertext data integrity value. */
    public static ObjectNode encrypt(byte[] plaintext, byte[] aad, boolean cdiv) {
        ObjectNode body = withMetadata("Encrypt", PRINCIPAL);
        body.put("plaintext", b64(plaintext)).put("encryptionAlgorithm", "AES_GCM");
        if (aad != null) {
            body.put("additionalAuthenticatedData", b64(aad));
        }
        if (cdiv) {
            body.put("ciphertextDataIntegrityValueAlgorithm", "SHA_256");
        }
        return body;
    }

    /** Decrypt what an Encrypt response returned; {@code aad} may be null. */
    public static ObjectNode decrypt(XksClient.Response encrypted, byte[] aad) {
        ObjectNode body = withMetadata("Decrypt", PRINCIPAL);
        body.put("ciphertext", encrypted.text("ciphertext"))
                .put("initializationVector", encrypted.text("initializationVector"))
                .put("authenticationTag", encrypted.text("authenticationTag"))
                .put("encryptionAlgorithm", "AES_GCM");
        if (encrypted.text("ciphertextMetadata") != null) {
            body.put("ciphertextMetadata", encrypted.text("ciphertextMetadata"));
        }
        if (aad != null) {
            body.put("additionalAuthenticatedData", b64(aad));
        }
        return body;
    }

    public static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    public static byte[] unb64(String text) {
        return Base64.getDecoder().decode(text);
    }
}
