package io.keyhold.xksproxy.api;

/** A request body after validation, with its binary fields decoded. */
public sealed interface XksRequest {

    RequestMetadata requestMetadata();

    /** The audit fields of {@code requestMetadata} that this proxy logs and authorizes on. */
    record RequestMetadata(String kmsRequestId, String kmsOperation, String awsPrincipalArn) {
    }

    record GetHealthStatus(RequestMetadata requestMetadata) implements XksRequest {
    }

    record GetKeyMetadata(RequestMetadata requestMetadata) implements XksRequest {
    }

    record Encrypt(RequestMetadata requestMetadata, byte[] plaintext, byte[] additionalAuthenticatedData,
            boolean ciphertextDataIntegrityValueRequested) implements XksRequest {
    }

    /** {@code ciphertextMetadata} and AAD are empty arrays when absent, which the AAD recipe treats alike. */
    record Decrypt(RequestMetadata requestMetadata, byte[] ciphertext, byte[] ciphertextMetadata,
            byte[] additionalAuthenticatedData, byte[] initializationVector, byte[] authenticationTag)
            implements XksRequest {
    }
}
