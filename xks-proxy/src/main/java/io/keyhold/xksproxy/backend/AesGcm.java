package io.keyhold.xksproxy.backend;

import io.keyhold.xksproxy.api.XksException;
import io.keyhold.xksproxy.crypto.GcmCiphertext;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM through the backend's JCA provider, with a fresh 12-byte IV per encryption and the 16-byte
 * tag split off, mapping provider failures to XKS error names.
 */
public final class AesGcm {

    public static final int IV_BYTES = 12;
    public static final int TAG_BYTES = 16;

    /** PKCS#11 return values that mean "this ciphertext does not authenticate" (SoftHSM answers GENERAL_ERROR). */
    private static final List<String> CIPHERTEXT_REJECTIONS = List.of("CKR_ENCRYPTED_DATA_INVALID",
            "CKR_ENCRYPTED_DATA_LEN_RANGE", "CKR_FUNCTION_FAILED", "CKR_GENERAL_ERROR");

    private final KeyBackend backend;
    private final SecureRandom random;

    public AesGcm(KeyBackend backend, SecureRandom random) {
        this.backend = backend;
        this.random = random;
    }

    public GcmCiphertext encrypt(BackendKey key, byte[] gcmAad, byte[] plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        Cipher cipher = initialized(Cipher.ENCRYPT_MODE, key, iv);
        try {
            cipher.updateAAD(gcmAad);
            byte[] sealed = cipher.doFinal(plaintext);
            return new GcmCiphertext(Arrays.copyOf(sealed, sealed.length - TAG_BYTES), iv,
                    Arrays.copyOfRange(sealed, sealed.length - TAG_BYTES, sealed.length));
        } catch (GeneralSecurityException | ProviderException e) {
            throw new XksException.Internal("The key backend failed to encrypt", e);
        }
    }

    public byte[] decrypt(BackendKey key, byte[] gcmAad, GcmCiphertext sealed) {
        Cipher cipher = initialized(Cipher.DECRYPT_MODE, key, sealed.iv());
        byte[] ciphertextAndTag = new byte[sealed.ciphertext().length + sealed.tag().length];
        System.arraycopy(sealed.ciphertext(), 0, ciphertextAndTag, 0, sealed.ciphertext().length);
        System.arraycopy(sealed.tag(), 0, ciphertextAndTag, sealed.ciphertext().length, sealed.tag().length);
        try {
            cipher.updateAAD(gcmAad);
            return cipher.doFinal(ciphertextAndTag);
        } catch (AEADBadTagException e) {
            throw invalidCiphertext();
        } catch (GeneralSecurityException | ProviderException e) {
            if (mentionsAny(e, CIPHERTEXT_REJECTIONS)) {
                throw invalidCiphertext();
            }
            throw new XksException.Internal("The key backend failed to decrypt", e);
        }
    }

    private Cipher initialized(int mode, BackendKey key, byte[] iv) {
        try {
            Cipher cipher = backend.newGcmCipher();
            cipher.init(mode, key.key(), new GCMParameterSpec(TAG_BYTES * 8, iv));
            return cipher;
        } catch (InvalidKeyException e) {
            if (mentionsAny(e, List.of("CKR_KEY_FUNCTION_NOT_PERMITTED"))) {
                throw new XksException.InvalidKeyUsage("The key backend does not permit "
                        + (mode == Cipher.ENCRYPT_MODE ? "encryption" : "decryption") + " with this key");
            }
            throw new XksException.Internal("The key backend rejected the key", e);
        } catch (GeneralSecurityException | ProviderException e) {
            throw new XksException.Internal("The key backend failed to initialize AES-GCM", e);
        }
    }

    private static XksException invalidCiphertext() {
        return new XksException.InvalidCiphertext("The ciphertext, initialization vector, additional authenticated "
                + "data, ciphertext metadata or authentication tag is corrupted or does not match");
    }

    private static boolean mentionsAny(Throwable failure, List<String> codes) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (codes.stream().anyMatch(message::contains)) {
                return true;
            }
        }
        return false;
    }
}
