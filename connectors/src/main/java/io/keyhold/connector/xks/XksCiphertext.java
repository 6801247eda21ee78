package io.keyhold.connector.xks;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The ciphertext of an XKS key: the IV of Keyhold's inner layer and every field the proxy's Encrypt
 * returned, laid out as
 * {@code innerIv(12) ‖ u8 metadataLen ‖ metadata ‖ u8 ivLen ‖ xksIv ‖ xksTag(16) ‖ u16 ctLen ‖ xksCt}
 * (lengths unsigned, big-endian). The inner ciphertext and its tag are what the proxy encrypted.
 */
record XksCiphertext(byte[] innerIv, EncryptResult outer) {

    static final int INNER_IV_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final int MAX_METADATA_BYTES = 20;
    private static final int MAX_CIPHERTEXT_BYTES = 0xFFFF;

    byte[] toBytes() {
        byte[] metadata = outer.ciphertextMetadata() == null ? new byte[0] : outer.ciphertextMetadata();
        byte[] iv = outer.initializationVector();
        byte[] ciphertext = outer.ciphertext();
        if (ciphertext.length > MAX_CIPHERTEXT_BYTES) {
            throw new IllegalArgumentException("the proxy ciphertext is longer than " + MAX_CIPHERTEXT_BYTES + " bytes");
        }
        return ByteBuffer.allocate(INNER_IV_BYTES + 1 + metadata.length + 1 + iv.length + TAG_BYTES + 2
                        + ciphertext.length)
                .put(innerIv)
                .put((byte) metadata.length).put(metadata)
                .put((byte) iv.length).put(iv)
                .put(outer.authenticationTag())
                .putShort((short) ciphertext.length).put(ciphertext)
                .array();
    }

    /**
     * @throws IllegalArgumentException naming the field that is out of range or cut short
     */
    static XksCiphertext parse(byte[] blob) {
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        try {
            byte[] innerIv = take(buffer, INNER_IV_BYTES);
            int metadataLength = Byte.toUnsignedInt(buffer.get());
            if (metadataLength > MAX_METADATA_BYTES) {
                throw new IllegalArgumentException("the ciphertext metadata length " + metadataLength
                        + " exceeds " + MAX_METADATA_BYTES + " bytes");
            }
            byte[] metadata = take(buffer, metadataLength);
            int ivLength = Byte.toUnsignedInt(buffer.get());
            if (ivLength != 12 && ivLength != 16) {
                throw new IllegalArgumentException("the proxy IV length " + ivLength + " is neither 12 nor 16 bytes");
            }
            byte[] iv = take(buffer, ivLength);
            byte[] tag = take(buffer, TAG_BYTES);
            byte[] ciphertext = take(buffer, Short.toUnsignedInt(buffer.getShort()));
            if (buffer.hasRemaining()) {
                throw new IllegalArgumentException(buffer.remaining() + " bytes follow the proxy ciphertext");
            }
            return new XksCiphertext(innerIv,
                    new EncryptResult(ciphertext, metadataLength == 0 ? null : metadata, iv, tag));
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("it is cut short", e);
        }
    }

    private static byte[] take(ByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }
}
