package io.keyhold.connector.xks;

import java.util.Arrays;
import java.util.Objects;

/**
 * What the proxy returned for Encrypt, all of which KMS keeps in its ciphertext blob and hands back
 * to Decrypt. {@code ciphertextMetadata} is null when the proxy sent none.
 */
public record EncryptResult(byte[] ciphertext, byte[] ciphertextMetadata, byte[] initializationVector,
                            byte[] authenticationTag) {

    public EncryptResult {
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(initializationVector, "initializationVector");
        Objects.requireNonNull(authenticationTag, "authenticationTag");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncryptResult that
                && Arrays.equals(ciphertext, that.ciphertext)
                && Arrays.equals(ciphertextMetadata, that.ciphertextMetadata)
                && Arrays.equals(initializationVector, that.initializationVector)
                && Arrays.equals(authenticationTag, that.authenticationTag);
    }

    @Override
    public int hashCode() {
        int hash = Arrays.hashCode(ciphertext);
        hash = 31 * hash + Arrays.hashCode(ciphertextMetadata);
        hash = 31 * hash + Arrays.hashCode(initializationVector);
        return 31 * hash + Arrays.hashCode(authenticationTag);
    }

    @Override
    public String toString() {
        return "EncryptResult[ciphertext=" + ciphertext.length + " bytes, ciphertextMetadata="
                + (ciphertextMetadata == null ? "none" : ciphertextMetadata.length + " bytes")
                + ", initializationVector=" + initializationVector.length + " bytes, authenticationTag="
                + authenticationTag.length + " bytes]";
    }
}
