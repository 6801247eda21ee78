package io.keyhold.connector.hsm;

import java.util.Arrays;
import java.util.Objects;

/**
 * An AES-GCM result: the IV and the ciphertext followed by the 16-byte tag. Arrays are copied
 * in and out, compared by content, and never printed.
 */
public record GcmCiphertext(byte[] iv, byte[] ciphertextAndTag) {

    public GcmCiphertext {
        iv = Objects.requireNonNull(iv, "iv").clone();
        ciphertextAndTag = Objects.requireNonNull(ciphertextAndTag, "ciphertextAndTag").clone();
    }

    @Override
    public byte[] iv() {
        return iv.clone();
    }

    @Override
    public byte[] ciphertextAndTag() {
        return ciphertextAndTag.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GcmCiphertext that
                && Arrays.equals(iv, that.iv)
                && Arrays.equals(ciphertextAndTag, that.ciphertextAndTag);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(iv) + Arrays.hashCode(ciphertextAndTag);
    }

    @Override
    public String toString() {
        return "GcmCiphertext[iv=" + iv.length + " bytes, ciphertextAndTag=" + ciphertextAndTag.length + " bytes]";
    }
}
