package io.keyhold.query.paging;

import io.keyhold.api.error.InvalidMarkerException;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pagination markers: the position after the last entry of a page, bound to the caller's account
 * and signed, so a marker Keyhold did not issue (or issued to another account) is recognised.
 */
public class MarkerCodec {

    /**
     * Where the next page starts: after the entry with this creation time and id. A list sorted
     * by a unique name alone keeps the name as the id and compares only that.
     */
    public record Position(long creationMicros, String id) {
    }

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    public MarkerCodec(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    public String encode(String accountId, Position position) {
        String payload = accountId + "|" + position.creationMicros() + "|" + position.id();
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(sign(bytes));
    }

    public Position decode(String accountId, String marker) {
        try {
            String[] parts = marker.split("\\.", -1);
            if (parts.length == 2) {
                byte[] payload = DECODER.decode(parts[0]);
                if (MessageDigest.isEqual(sign(payload), DECODER.decode(parts[1]))) {
                    String[] fields = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
                    if (fields.length == 3 && fields[0].equals(accountId)) {
                        return new Position(Long.parseLong(fields[1]), fields[2]);
                    }
                }
            }
        } catch (IllegalArgumentException malformed) {
            // falls through to the KMS error below
        }
        throw new InvalidMarkerException("The marker that specifies where pagination should next begin is not valid.");
    }

    private byte[] sign(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
