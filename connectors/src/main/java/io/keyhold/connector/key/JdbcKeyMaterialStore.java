package io.keyhold.connector.key;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.NoSuchElementException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Key material in the {@code key_material} table, each row sealed under the master key with its
 * reference as AAD. Rows join the caller's transaction, so material generated for a key whose
 * creation rolls back is gone with it.
 */
public class JdbcKeyMaterialStore implements KeyMaterialStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final MasterKeySealer sealer;

    public JdbcKeyMaterialStore(JdbcClient jdbc, MasterKeySealer sealer) {
        this.jdbc = jdbc;
        this.sealer = sealer;
    }

    @Override
    public void generate(String ref) {
        byte[] material = new byte[Aes256Gcm.KEY_BYTES];
        RANDOM.nextBytes(material);
        try {
            jdbc.sql("insert into key_material (material_ref, ciphertext) values (?, ?)")
                    .params(ref, sealer.seal(material, aad(ref)))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new IllegalStateException("key material already exists under " + ref, e);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    @Override
    public byte[] reveal(String ref) {
        byte[] sealed = jdbc.sql("select ciphertext from key_material where material_ref = ?")
                .param(ref)
                .query((rs, row) -> rs.getBytes(1))
                .optional()
                .orElseThrow(() -> new NoSuchElementException("no key material under " + ref));
        try {
            return sealer.open(sealed, aad(ref));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("the key material under " + ref + " does not open", e);
        }
    }

    @Override
    public void destroy(String ref) {
        jdbc.sql("delete from key_material where material_ref = ?").param(ref).update();
    }

    private static byte[] aad(String ref) {
        return ref.getBytes(StandardCharsets.UTF_8);
    }
}
