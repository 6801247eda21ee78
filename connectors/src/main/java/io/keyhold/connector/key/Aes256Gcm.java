package io.keyhold.connector.key;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM in software under a key Keyhold holds: a fresh random 12-byte IV per seal, a
 * 16-byte tag, and the result laid out as {@code iv ‖ ciphertext ‖ tag}. The one place Keyhold
 * runs GCM itself; HSM keys never come here.
 */
public final class Aes256Gcm {

    public static final int KEY_BYTES = 32;
    public static final int IV_BYTES = 12;
    public static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Aes256Gcm() {
    }

    /** Encrypts {@code plaintext} bound to {@code aad} (null or empty for none). */
    public static byte[] seal(byte[] key, byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] sealed = Arrays.copyOf(iv, IV_BYTES + plaintext.length + TAG_BYTES);
        try {
            cipher(Cipher.ENCRYPT_MODE, key, iv, aad).doFinal(plaintext, 0, plaintext.length, sealed, IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM encryption failed", e);
        }
        return sealed;
    }

    /**
     * Decrypts what {@link #seal} returned with the same key and {@code aad}.
     *
     * @throws AEADBadTagException if {@code sealed} is too short or does not authenticate
     */
    public static byte[] open(byte[] key, byte[] sealed, byte[] aad) throws AEADBadTagException {
        Objects.requireNonNull(sealed, "sealed");
        if (sealed.length < IV_BYTES + TAG_BYTES) {
            throw new AEADBadTagException("the sealed bytes are shorter than an IV and a tag");
        }
        try {
            return cipher(Cipher.DECRYPT_MODE, key, Arrays.copyOf(sealed, IV_BYTES), aad)
                    .doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM decryption failed", e);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] iv, byte[] aad) throws GeneralSecurityException {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has " + KEY_BYTES + " bytes");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, iv));
        if (aad != null) {
            cipher.updateAAD(aad);
        }
        return cipher;
    }
}
