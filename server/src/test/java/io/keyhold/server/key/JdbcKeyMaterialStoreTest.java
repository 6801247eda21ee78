package io.keyhold.server.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyhold.connector.key.JdbcKeyMaterialStore;
import io.keyhold.connector.key.MasterKeySealer;
import io.keyhold.server.testsupport.TestDatabases;

import java.security.SecureRandom;
import java.util.Map;
import java.util.NoSuchElementException;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Key material sealed under the master key in the key_material table of a real PostgreSQL database. */
class JdbcKeyMaterialStoreTest {

    private static JdbcClient jdbc;
    private static TransactionTemplate transactions;

    private final JdbcKeyMaterialStore store = new JdbcKeyMaterialStore(jdbc, new MasterKeySealer(randomKey()));

    @BeforeAll
    static void migrate() {
        Map<String, String> database = TestDatabases.freshDatabase();
        DriverManagerDataSource dataSource = new DriverManagerDataSource(database.get("spring.datasource.url"),
                database.get("spring.datasource.username"), database.get("spring.datasource.password"));
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/postgresql").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Test
    void generatedMaterialIs256RandomBitsStoredOnlySealed() {
        store.generate("xks/generated");
        store.generate("xks/generated-too");

        byte[] material = store.reveal("xks/generated");
        byte[] stored = storedCiphertext("xks/generated");

        assertThat(material).hasSize(32).isEqualTo(store.reveal("xks/generated"));
        assertThat(store.reveal("xks/generated-too")).isNotEqualTo(material);
        assertThat(stored).hasSize(12 + 32 + 16);
        assertThat(indexOf(stored, material)).as("the material is not stored in the clear").isEqualTo(-1);
        material[0] ^= 0x01;
        assertThat(store.reveal("xks/generated")).as("callers get a copy").isNotEqualTo(material);
    }

    @Test
    void aReferenceHoldsOneKey() {
        store.generate("xks/once");
        byte[] material = store.reveal("xks/once");

        assertThatIllegalStateException().isThrownBy(() -> store.generate("xks/once")).withMessageContaining("xks/once");
        assertThat(store.reveal("xks/once")).isEqualTo(material);
    }

    @Test
    void destroyedMaterialIsGoneForGood() {
        store.generate("xks/destroyed");

        store.destroy("xks/destroyed");

        assertThatThrownBy(() -> store.reveal("xks/destroyed")).isInstanceOf(NoSuchElementException.class);
        assertThat(jdbc.sql("select count(*) from key_material where material_ref = 'xks/destroyed'")
                .query(Integer.class).single()).isZero();
        assertThatNoException().isThrownBy(() -> store.destroy("xks/destroyed"));
        assertThatThrownBy(() -> store.reveal("xks/never")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aSealedRowOpensOnlyUnderItsOwnReferenceAndMasterKey() {
        store.generate("xks/original");
        jdbc.sql("insert into key_material (material_ref, ciphertext) values ('xks/moved', ?)")
                .param(storedCiphertext("xks/original"))
                .update();

        assertThatIllegalStateException().isThrownBy(() -> store.reveal("xks/moved"))
                .withMessageContaining("xks/moved");
        assertThatIllegalStateException().isThrownBy(() -> new JdbcKeyMaterialStore(jdbc,
                new MasterKeySealer(randomKey())).reveal("xks/original"));
    }

    @Test
    void materialJoinsTheCallersTransaction() {
        transactions.executeWithoutResult(status -> {
            store.generate("xks/rolled-back");
            assertThat(store.reveal("xks/rolled-back")).hasSize(32);
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> store.generate("xks/committed"));

        assertThatThrownBy(() -> store.reveal("xks/rolled-back")).isInstanceOf(NoSuchElementException.class);
        assertThat(store.reveal("xks/committed")).hasSize(32);
    }

    private static byte[] storedCiphertext(String ref) {
        return jdbc.sql("select ciphertext from key_material where material_ref = ?").param(ref)
                .query((rs, row) -> rs.getBytes(1)).single();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            boolean match = true;
            for (int j = 0; j < needle.length && match; j++) {
                match = haystack[i + j] == needle[j];
            }
            if (match) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
