package io.keyhold.server.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.keyhold.api.error.CloudHsmClusterInvalidConfigurationException;
import io.keyhold.api.error.InvalidCiphertextException;
import io.keyhold.api.error.KMSInternalException;
import io.keyhold.api.error.KeyUnavailableException;
import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.ConnectorSessions;
import io.keyhold.connector.hsm.ClusterSimulation;
import io.keyhold.connector.key.BackingKey;
import io.keyhold.connector.key.CryptoRequest;
import io.keyhold.connector.key.KeyBackend;
import io.keyhold.server.testsupport.KeyholdTestProperties;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * KMS keys of the built-in software cluster as the server wires them: attached through
 * {@link ConnectorSessions}, keys sealed in the key_material table of a real PostgreSQL database,
 * the cluster seen through the operator's simulation.
 */
@SpringBootTest
class SoftwareClusterKeysTest {

    private static final String CLUSTER = "cluster-keyholdlocal";
    private static final String PASSWORD = "kmsuser-password";
    private static final ConnectionTarget TARGET = new ConnectionTarget(CustomKeyStoreType.AWS_CLOUDHSM, CLUSTER, null,
            "ref");
    private static final byte[] AAD = "header|{\"app\":\"test\"}".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "software cluster plaintext";
    private static final CryptoRequest CREATE = request("CreateKey");
    private static final CryptoRequest ENCRYPT = request("Encrypt");
    private static final CryptoRequest DECRYPT = request("Decrypt");

    /**
     * The sessions here belong to stores the database does not know; the node's session sweep
     * would close them as stale, so it is pushed out of this test's way.
     */
    @DynamicPropertySource
    static void keyhold(DynamicPropertyRegistry registry) throws IOException {
        KeyholdTestProperties.isolated(registry, Files.createTempDirectory("keyhold-software-keys"));
        registry.add("keyhold.session-sweep-interval", () -> "1h");
    }

    @Autowired
    ConnectorSessions sessions;

    @Autowired
    ClusterSimulation simulation;

    @Autowired
    JdbcClient jdbc;

    @Test
    void keysAreSealedInTheKeyMaterialTableAndNeverLeaveTheCluster() throws ConnectionFailedException {
        KeyBackend keys = attach("cks-round-trip").keys();
        BackingKey key = createKey(keys);

        byte[] sealed = keys.encrypt(key, SECRET.getBytes(StandardCharsets.UTF_8), AAD, ENCRYPT);

        assertThat(sealed).hasSize(12 + SECRET.length() + 16);
        assertThat(keys.decrypt(key, sealed, AAD, DECRYPT)).asString(StandardCharsets.UTF_8).isEqualTo(SECRET);
        assertThat(storedMaterial(key)).as("sealed under the master key").hasSize(12 + 32 + 16);
        assertThat(keys.generateRandom(32)).hasSize(32).isNotEqualTo(keys.generateRandom(32));
    }

    @Test
    void aCiphertextThatDoesNotAuthenticateIsInvalid() throws ConnectionFailedException {
        KeyBackend keys = attach("cks-tamper").keys();
        BackingKey key = createKey(keys);
        byte[] sealed = keys.encrypt(key, SECRET.getBytes(StandardCharsets.UTF_8), AAD, ENCRYPT);
        byte[] altered = sealed.clone();
        altered[sealed.length - 1] ^= 0x01;
        BackingKey other = createKey(keys);

        assertThatExceptionOfType(InvalidCiphertextException.class)
                .isThrownBy(() -> keys.decrypt(key, sealed, "other".getBytes(StandardCharsets.UTF_8), DECRYPT));
        assertThatExceptionOfType(InvalidCiphertextException.class)
                .isThrownBy(() -> keys.decrypt(key, altered, AAD, DECRYPT));
        assertThatExceptionOfType(InvalidCiphertextException.class)
                .isThrownBy(() -> keys.decrypt(other, sealed, AAD, DECRYPT));
    }

    @Test
    void aDestroyedKeyIsUnavailable() throws ConnectionFailedException {
        KeyBackend keys = attach("cks-destroy").keys();
        BackingKey key = createKey(keys);
        byte[] sealed = keys.encrypt(key, SECRET.getBytes(StandardCharsets.UTF_8), AAD, ENCRYPT);

        keys.destroyKey(key);

        assertThat(storedMaterialRows(key)).isZero();
        assertThatExceptionOfType(KeyUnavailableException.class)
                .isThrownBy(() -> keys.decrypt(key, sealed, AAD, DECRYPT))
                .withMessageStartingWith(key.keyArn() + " is unavailable");
        assertThatNoException().isThrownBy(() -> keys.destroyKey(key));
    }

    @Test
    void createKeyCountsTheHsmsTheOperatorLeft() throws ConnectionFailedException {
        KeyBackend keys = attach("cks-simulated").keys();
        simulation.set(CLUSTER, new ClusterSimulation.State(null, 1, null, null));
        try {
            assertThatExceptionOfType(CloudHsmClusterInvalidConfigurationException.class)
                    .isThrownBy(() -> createKey(keys))
                    .withMessageContaining(CLUSTER);
        } finally {
            simulation.reset(CLUSTER);
        }
        assertThat(storedMaterialRows(createKey(keys))).isOne();
    }

    @Test
    void attachChecksThePasswordAndLeavesItAsItIs() throws ConnectionFailedException {
        String hash = passwordHash();

        assertThatExceptionOfType(ConnectionFailedException.class)
                .isThrownBy(() -> sessions.sessionFor("cks-wrong", "attempt-1", TARGET, () -> "not-the-password"))
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(ConnectionErrorCode.INVALID_CREDENTIALS));
        ConnectorSession session = attach("cks-attach");

        assertThat(session.rotatedCredential()).isEmpty();
        assertThat(passwordHash()).isEqualTo(hash);
        assertThat(sessions.sessionFor("cks-attach", "attempt-1", TARGET, () -> "not read again")).isSameAs(session);
    }

    @Test
    void keysOfAClosedSessionFail() throws ConnectionFailedException {
        KeyBackend keys = attach("cks-closed").keys();
        BackingKey key = createKey(keys);

        sessions.close("cks-closed", "attempt-1");

        assertThatExceptionOfType(KMSInternalException.class)
                .isThrownBy(() -> keys.encrypt(key, new byte[1], AAD, ENCRYPT));
    }

    private ConnectorSession attach(String storeId) throws ConnectionFailedException {
        return sessions.sessionFor(storeId, "attempt-1", TARGET, () -> PASSWORD);
    }

    private static BackingKey createKey(KeyBackend keys) {
        String keyId = UUID.randomUUID().toString();
        return keys.createKey(keyId, "arn:aws:kms:us-east-1:000000000000:key/" + keyId, null, CREATE);
    }

    private byte[] storedMaterial(BackingKey key) {
        return jdbc.sql("select ciphertext from key_material where material_ref = ?")
                .param("hsm/" + CLUSTER + "/" + key.keyArn())
                .query((rs, row) -> rs.getBytes(1))
                .single();
    }

    private int storedMaterialRows(BackingKey key) {
        return jdbc.sql("select count(*) from key_material where material_ref = ?")
                .param("hsm/" + CLUSTER + "/" + key.keyArn())
                .query(Integer.class)
                .single();
    }

    private String passwordHash() {
        return jdbc.sql("select password_hash from software_hsm_user where cluster_id = ?")
                .param(CLUSTER)
                .query(String.class)
                .single();
    }

    private static CryptoRequest request(String operation) {
        return new CryptoRequest(operation, "req-" + operation, "arn:aws:iam::000000000000:root");
    }
}
