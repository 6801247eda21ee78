package io.keyhold.server.crypto;

import io.keyhold.api.error.InvalidCiphertextException;
import io.keyhold.api.key.KeyOrigin;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Keyhold's ciphertext blob, one format for every origin (README "Ciphertext blobs"):
 * {@code 0x4B 'K' | version 1 | origin (1 AWS_CLOUDHSM, 2 EXTERNAL_KEY_STORE) | u8 length | key ARN
 * (UTF-8) | body}. The header is authenticated with the encryption context (see {@link #aad}), so
 * a blob cannot be moved to another key, origin or context; the body is what the key's backend
 * produced.
 */
record CiphertextBlob(KeyOrigin origin, String keyArn, byte[] body) {

    static final byte MAGIC = 0x4B;
    static final byte VERSION = 1;

    byte[] header() {
        byte[] arn = keyArn.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + arn.length)
                .put(MAGIC).put(VERSION).put(originTag(origin)).put((byte) arn.length).put(arn)
                .array();
    }

    byte[] toBytes() {
        byte[] header = header();
        return ByteBuffer.allocate(header.length + body.length).put(header).put(body).array();
    }

    /** What the backend authenticates: the header, then the canonical encryption context. */
    byte[] aad(Map<String, String> encryptionContext) {
        byte[] header = header();
        byte[] context = EncryptionContext.canonical(encryptionContext);
        return ByteBuffer.allocate(header.length + context.length).put(header).put(context).array();
    }

    static CiphertextBlob parse(byte[] blob) {
        if (blob.length < 5 || blob[0] != MAGIC || blob[1] != VERSION) {
            throw invalid();
        }
        KeyOrigin origin = switch (blob[2]) {
            case 1 -> KeyOrigin.AWS_CLOUDHSM;
            case 2 -> KeyOrigin.EXTERNAL_KEY_STORE;
            default -> throw invalid();
        };
        int arnLength = Byte.toUnsignedInt(blob[3]);
        if (arnLength == 0 || blob.length <= 4 + arnLength) {
            throw invalid();
        }
        String keyArn = new String(blob, 4, arnLength, StandardCharsets.UTF_8);
        return new CiphertextBlob(origin, keyArn, Arrays.copyOfRange(blob, 4 + arnLength, blob.length));
    }

    static InvalidCiphertextException invalid() {
        return new InvalidCiphertextException(null);
    }

    private static byte originTag(KeyOrigin origin) {
        return switch (origin) {
            case AWS_CLOUDHSM -> 1;
            case EXTERNAL_KEY_STORE -> 2;
        };
    }
}
