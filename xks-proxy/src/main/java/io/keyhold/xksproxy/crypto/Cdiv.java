package io.keyhold.xksproxy.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * Ciphertext Data Integrity Value (XKS spec, Appendix C):
 * {@code SHA-256(AAD || ciphertextMetadata || IV || ciphertext || tag)} over the decoded bytes, without lengths.
 */
public final class Cdiv {

    private Cdiv() {
    }

    public static byte[] sha256(byte[] aad, byte[] ciphertextMetadata, byte[] iv, byte[] ciphertext, byte[] tag) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(aad);
            digest.update(ciphertextMetadata);
            digest.update(iv);
            digest.update(ciphertext);
            digest.update(tag);
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
