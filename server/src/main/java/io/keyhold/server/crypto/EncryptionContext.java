package io.keyhold.server.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The encryption context as additional authenticated data: its pairs sorted by key, each member
 * written as a two-byte length and its UTF-8 bytes, so the same context always gives the same bytes
 * and no two contexts give the same ones.
 */
final class EncryptionContext {

    private EncryptionContext() {
    }

    static byte[] canonical(Map<String, String> context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TreeMap<String, String> sorted = new TreeMap<>(context);
        writeLength(out, sorted.size());
        sorted.forEach((key, value) -> {
            write(out, key);
            write(out, value);
        });
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeLength(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        out.write(length >>> 8);
        out.write(length);
    }
}
