package io.keyhold.connector.xks;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The ciphertext data integrity value (CDIV, connectors.md A.6): SHA-256 over
 * {@code AAD || ciphertextMetadata || IV || ciphertext || tag}, absent parts contributing nothing and
 * no lengths included. It catches accidental corruption of what the proxy returned, not attackers.
 */
final class CiphertextIntegrity {

    private CiphertextIntegrity() {
    }

    static byte[] sha256(byte[] additionalAuthenticatedData, byte[] ciphertextMetadata, byte[] initializationVector,
                         byte[] ciphertext, byte[] authenticationTag) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        if (additionalAuthenticatedData != null) {
            digest.update(additionalAuthenticatedData);
        }
        if (ciphertextMetadata != null) {
            digest.update(ciphertextMetadata);
        }
        digest.update(initializationVector);
        digest.update(ciphertext);
        digest.update(authenticationTag);
        return digest.digest();
    }
}
