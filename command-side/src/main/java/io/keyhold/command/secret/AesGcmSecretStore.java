package io.keyhold.command.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Credentials encrypted with AES-256-GCM under the master key, the reference bound in as AAD so a
 * ciphertext cannot be moved to another row. Rows join the caller's transaction.
 */
public class AesGcmSecretStore implements SecretStore {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final JdbcClient jdbc;
    private final SecretKey masterKey;
    private final SecureRandom random = new SecureRandom();

    public AesGcmSecretStore(JdbcClient jdbc, byte[] masterKey) {
        if (masterKey.length != 32) {
            throw new IllegalArgumentException("the master key must be 256 bits");
        }
        this.jdbc = jdbc;
        this.masterKey = new SecretKeySpec(masterKey, "AES");
    }

    @Override
    public String put(String storeId, String plaintext) {
        String ref = storeId + "/" + UUID.randomUUID();
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, iv, ref, plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] stored = ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
        jdbc.sql("insert into key_store_secret (secret_ref, custom_key_store_id, ciphertext) values (?, ?, ?)")
                .params(ref, storeId, stored)
                .update();
        return ref;
    }

    @Override
    public String reveal(String ref) {
        byte[] stored = jdbc.sql("select ciphertext from key_store_secret where secret_ref = ?")
                .param(ref)
                .query((rs, row) -> rs.getBytes(1))
                .optional()
                .orElseThrow(() -> new IllegalStateException("no secret under " + ref));
        ByteBuffer buffer = ByteBuffer.wrap(stored);
        byte[] iv = new byte[IV_BYTES];
        buffer.get(iv);
        byte[] sealed = new byte[buffer.remaining()];
        buffer.get(sealed);
        return new String(crypt(Cipher.DECRYPT_MODE, iv, ref, sealed), StandardCharsets.UTF_8);
    }

    @Override
    public void retainOnly(String storeId, String ref) {
        jdbc.sql("delete from key_store_secret where custom_key_store_id = ? and secret_ref <> ?")
                .params(storeId, ref)
                .update();
    }

    @Override
    public void deleteAll(String storeId) {
        jdbc.sql("delete from key_store_secret where custom_key_store_id = ?").param(storeId).update();
    }

    private byte[] crypt(int mode, byte[] iv, String ref, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, masterKey, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(ref.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret " + ref + " cannot be " + (mode == Cipher.ENCRYPT_MODE ? "sealed" : "opened"), e);
        }
    }
}
