package io.keyhold.xksproxy.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How the caller's AAD and the {@code ciphertextMetadata} become the AES-GCM AAD (XKS spec, Encrypt):
 * {@code u16_be(len(AAD)) || AAD || u8(len(cm)) || cm}. The metadata this proxy returns names the recipe,
 * so that a later recipe can still decrypt ciphertexts made with this one.
 */
public final class AadRecipe {

    /** {@code ciphertextMetadata} of every ciphertext made with this recipe (14 bytes, within the 20-byte limit). */
    public static final byte[] METADATA_V1 = "keyhold-aad=v1".getBytes(StandardCharsets.US_ASCII);

    public static final int MAX_AAD_BYTES = 0xFFFF;
    public static final int MAX_METADATA_BYTES = 20;

    private AadRecipe() {
    }

    public static boolean isKnownMetadata(byte[] ciphertextMetadata) {
        return Arrays.equals(METADATA_V1, ciphertextMetadata);
    }

    public static byte[] gcmAad(byte[] aad, byte[] ciphertextMetadata) {
        if (aad.length > MAX_AAD_BYTES || ciphertextMetadata.length > 0xFF) {
            throw new IllegalArgumentException("AAD or ciphertext metadata too long for the length prefix");
        }
        return ByteBuffer.allocate(2 + aad.length + 1 + ciphertextMetadata.length)
                .putShort((short) aad.length)
                .put(aad)
                .put((byte) ciphertextMetadata.length)
                .put(ciphertextMetadata)
                .array();
    }
}
