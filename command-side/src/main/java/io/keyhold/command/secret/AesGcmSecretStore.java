package io.keyhold.command.secret;

import io.keyhold.connector.key.MasterKeySealer;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Credentials encrypted with AES-256-GCM under the master key, the reference bound in as AAD so a
 * ciphertext cannot be moved to another row. Rows join the caller's transaction.
 */
public class AesGcmSecretStore implements SecretStore {

    private final JdbcClient jdbc;
    private final MasterKeySealer sealer;

    public AesGcmSecretStore(JdbcClient jdbc, byte[] masterKey) {
        this.jdbc = jdbc;
        this.sealer = new MasterKeySealer(masterKey);
    }

    @Override
    public String put(String storeId, String plaintext) {
        String ref = storeId + "/" + UUID.randomUUID();
        byte[] stored = sealer.seal(plaintext.getBytes(StandardCharsets.UTF_8), aad(ref));
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
        try {
            return new String(sealer.open(stored, aad(ref)), StandardCharsets.UTF_8);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("secret " + ref + " cannot be opened", e);
        }
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

    private static byte[] aad(String ref) {
        return ref.getBytes(StandardCharsets.UTF_8);
    }
}
