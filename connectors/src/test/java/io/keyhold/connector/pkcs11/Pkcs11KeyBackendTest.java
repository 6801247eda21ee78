package io.keyhold.connector.pkcs11;

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
import io.keyhold.connector.hsm.CloudHsmConnector;
import io.keyhold.connector.hsm.HsmCluster;
import io.keyhold.connector.hsm.HsmClusterInfo;
import io.keyhold.connector.hsm.HsmClusters;
import io.keyhold.connector.hsm.HsmKeyBackend;
import io.keyhold.connector.key.BackingKey;
import io.keyhold.connector.key.CryptoRequest;
import io.keyhold.connector.key.KeyBackend;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** KMS keys of a CloudHSM key store on real SoftHSM2 tokens, one fresh token per test. */
class Pkcs11KeyBackendTest {

    private static final String PIN = "initial-pin-1234";
    private static final byte[] AAD = "header|{\"purpose\":\"test\"}".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "the plaintext nobody may log";
    private static final CryptoRequest ENCRYPT = new CryptoRequest("Encrypt", "req-encrypt",
            "arn:aws:iam::111122223333:user/Alice");
    private static final CryptoRequest DECRYPT = new CryptoRequest("Decrypt", "req-decrypt",
            "arn:aws:iam::111122223333:user/Alice");

    @BeforeAll
    static void configureSoftHsm() {
        SoftHsm.configure();
    }

    @Test
    void encryptsAndDecryptsWithAKeyLabelledWithItsArn() throws ConnectionFailedException {
        try (ConnectorSession session = connect("round-trip", 2, 2)) {
            KeyBackend keys = session.keys();
            BackingKey key = createKey(keys);
            byte[] plaintext = SECRET.getBytes(StandardCharsets.UTF_8);

            byte[] sealed = keys.encrypt(key, plaintext, AAD, ENCRYPT);

            assertThat(key.xksKeyId()).isNull();
            assertThat(key.materialRef()).isNull();
            assertThat(sealed).hasSize(12 + plaintext.length + 16);
            assertThat(keys.decrypt(key, sealed, AAD, DECRYPT)).isEqualTo(plaintext);
            assertThat(keys.encrypt(key, plaintext, AAD, ENCRYPT)).as("a fresh IV each time").isNotEqualTo(sealed);
            long[] labelled = Pkcs11Libraries.get(SoftHsm.LIBRARY)
                    .findSecretKeys(((Pkcs11Session) session).handle(), key.keyArn());
            assertThat(labelled).hasSize(1);
        }
    }

    @Test
    void aWrongAadOrAnyAlteredByteIsAnInvalidCiphertext() throws ConnectionFailedException {
        try (ConnectorSession session = connect("tamper", 2, 2)) {
            KeyBackend keys = session.keys();
            BackingKey key = createKey(keys);
            byte[] sealed = sealSecret(keys, key);

            assertInvalidCiphertext(() -> keys.decrypt(key, sealed, "other".getBytes(StandardCharsets.UTF_8), DECRYPT));
            assertInvalidCiphertext(() -> keys.decrypt(key, sealed, null, DECRYPT));
            for (int position : new int[] {0, 11, 12, sealed.length - 17, sealed.length - 16, sealed.length - 1}) {
                byte[] tampered = sealed.clone();
                tampered[position] ^= 0x01;
                assertInvalidCiphertext(() -> keys.decrypt(key, tampered, AAD, DECRYPT));
            }
            assertInvalidCiphertext(() -> keys.decrypt(key, Arrays.copyOf(sealed, 27), AAD, DECRYPT));
            assertInvalidCiphertext(() -> keys.decrypt(key, Arrays.copyOf(sealed, sealed.length - 1), AAD, DECRYPT));
            assertThat(new String(keys.decrypt(key, sealed, AAD, DECRYPT), StandardCharsets.UTF_8)).isEqualTo(SECRET);
        }
    }

    @Test
    void aKeyWhoseHsmKeyIsGoneIsUnavailable() throws ConnectionFailedException {
        try (ConnectorSession session = connect("missing", 2, 2)) {
            KeyBackend keys = session.keys();
            BackingKey key = createKey(keys);
            byte[] sealed = sealSecret(keys, key);
            BackingKey neverCreated = new BackingKey("never", arn("never"), null, null);

            keys.destroyKey(key);

            assertUnavailable(() -> keys.decrypt(key, sealed, AAD, DECRYPT), key.keyArn());
            assertUnavailable(() -> keys.encrypt(key, new byte[1], AAD, ENCRYPT), key.keyArn());
            assertUnavailable(() -> keys.encrypt(neverCreated, new byte[1], AAD, ENCRYPT), neverCreated.keyArn());
            assertThatNoException().as("destroying is best effort").isThrownBy(() -> keys.destroyKey(key));
        }
    }

    @Test
    void createKeyNeedsTwoActiveHsmsInTwoZones() throws ConnectionFailedException {
        try (ConnectorSession oneHsm = connect("one-hsm", 1, 1)) {
            assertThatExceptionOfType(CloudHsmClusterInvalidConfigurationException.class)
                    .isThrownBy(() -> createKey(oneHsm.keys()))
                    .withMessageContaining("at least 2 active HSMs");
        }
        try (ConnectorSession oneZone = connect("one-zone", 3, 1)) {
            assertThatExceptionOfType(CloudHsmClusterInvalidConfigurationException.class)
                    .isThrownBy(() -> createKey(oneZone.keys()))
                    .withMessageContaining("1 Availability Zones");
        }
    }

    @Test
    void createKeyCountsTheHsmsTheStoreSeesThroughItsClusters() throws ConnectionFailedException {
        Pkcs11Cluster declaredWithTwo = cluster(SoftHsm.createToken("seen", PIN), 2, 2, 2);
        HsmCluster seenWithOne = new DescribedAs(declaredWithTwo, 1);
        CloudHsmConnector connector = new CloudHsmConnector(new HsmClusters(List.of(seenWithOne)));

        try (ConnectorSession session = connector.attach(target(declaredWithTwo), PIN)) {
            assertThatExceptionOfType(CloudHsmClusterInvalidConfigurationException.class)
                    .isThrownBy(() -> createKey(session.keys()));
        }
    }

    @Test
    void attachLogsInWithoutRotatingThePin() throws ConnectionFailedException {
        Pkcs11Cluster cluster = cluster(SoftHsm.createToken("attach", PIN), 2, 2, 2);
        CloudHsmConnector connector = new CloudHsmConnector(new HsmClusters(List.of(cluster)));
        BackingKey key;
        byte[] sealed;
        try (ConnectorSession session = connector.attach(target(cluster), PIN)) {
            assertThat(session.rotatedCredential()).isEmpty();
            key = createKey(session.keys());
            sealed = sealSecret(session.keys(), key);
        }

        try (ConnectorSession again = connector.attach(target(cluster), PIN)) {
            assertThat(again.keys().decrypt(key, sealed, AAD, DECRYPT)).asString(StandardCharsets.UTF_8)
                    .isEqualTo(SECRET);
        }
        try (ConnectorSession connected = cluster.loginAndRotate(PIN)) {
            assertThat(connected.rotatedCredential()).get().isNotEqualTo(PIN);
        }
    }

    @Test
    void attachWithAWrongPinFailsAsAConnectWould() {
        Pkcs11Cluster cluster = cluster(SoftHsm.createToken("attach-wrong", PIN), 2, 2, 2);

        assertThatExceptionOfType(ConnectionFailedException.class)
                .isThrownBy(() -> cluster.attach("not-the-pin"))
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(ConnectionErrorCode.INVALID_CREDENTIALS));
    }

    @Test
    void randomBytesComeFromTheToken() throws ConnectionFailedException {
        try (ConnectorSession session = connect("random", 1, 1)) {
            byte[] first = session.keys().generateRandom(32);
            byte[] second = session.keys().generateRandom(32);

            assertThat(first).hasSize(32).isNotEqualTo(second);
            assertThat(session.keys().generateRandom(1024)).hasSize(1024);
        }
    }

    @Test
    void manyParallelRequestsShareTheSessionPoolAndLeaveNoSessionOpen() throws Exception {
        ConnectorSession session = connect("parallel", 2, 2, 4);
        KeyBackend keys = session.keys();
        BackingKey key = createKey(keys);

        ParallelRoundTrips.assertIntact(16, 40, 4096,
                (plaintext, aad) -> keys.decrypt(key, keys.encrypt(key, plaintext, aad, ENCRYPT), aad, DECRYPT));

        List<Long> pooled = ((Pkcs11Session) session).keyOperations().sessionHandles();
        assertThat(pooled).hasSize(4);

        session.close();

        Pkcs11Library library = Pkcs11Libraries.get(SoftHsm.LIBRARY);
        assertThat(pooled).allSatisfy(handle -> assertThatExceptionOfType(Pkcs11Exception.class)
                .isThrownBy(() -> library.sessionInfo(handle))
                .satisfies(e -> assertThat(e.returnValue()).isEqualTo(Ck.CKR_SESSION_HANDLE_INVALID)));
        assertThatExceptionOfType(KMSInternalException.class)
                .isThrownBy(() -> keys.encrypt(key, new byte[1], AAD, ENCRYPT));
    }

    @Test
    void noFreePkcs11SessionIsAnInternalErrorThatSaysSo() throws Exception {
        String label = SoftHsm.createToken("busy", PIN);
        Pkcs11Cluster cluster = cluster(label, 2, 2, 1);
        Pkcs11Library library = Pkcs11Libraries.get(SoftHsm.LIBRARY);
        long slot = library.findSlotByTokenLabel(label).orElseThrow();
        Pkcs11KeyOperations operations = Pkcs11KeyOperations.open(library, slot, 1, cluster.clusterId(),
                Duration.ofMillis(50));
        KeyBackend keys = new HsmKeyBackend(cluster, operations);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            executor.submit(() -> operations.withSession("holding", session -> {
                holding.countDown();
                awaitUninterruptibly(release);
                return session;
            }));
            assertThat(holding.await(1, TimeUnit.MINUTES)).isTrue();

            assertThatExceptionOfType(KMSInternalException.class)
                    .isThrownBy(() -> keys.encrypt(new BackingKey("k", arn("k"), null, null), new byte[1], AAD,
                            ENCRYPT))
                    .withMessageContaining("no PKCS#11 session")
                    .withMessageContaining(arn("k"));
            assertThatExceptionOfType(KMSInternalException.class)
                    .isThrownBy(() -> keys.generateRandom(16))
                    .withMessageContaining("no PKCS#11 session");
        } finally {
            release.countDown();
            executor.shutdownNow();
            operations.close();
        }
    }

    private static void assertInvalidCiphertext(Runnable decrypt) {
        assertThatExceptionOfType(InvalidCiphertextException.class)
                .isThrownBy(decrypt::run)
                .satisfies(e -> assertThat(e.getMessage()).as("KMS sends no detail").isNull());
    }

    private static void assertUnavailable(Runnable call, String keyArn) {
        assertThatExceptionOfType(KeyUnavailableException.class)
                .isThrownBy(call::run)
                .withMessageStartingWith(keyArn + " is unavailable")
                .withMessageNotContaining(SECRET);
    }

    private static byte[] sealSecret(KeyBackend keys, BackingKey key) {
        return keys.encrypt(key, SECRET.getBytes(StandardCharsets.UTF_8), AAD, ENCRYPT);
    }

    private static BackingKey createKey(KeyBackend keys) {
        String keyId = UUID.randomUUID().toString();
        BackingKey key = keys.createKey(keyId, arn(keyId), null, new CryptoRequest("CreateKey", "req-create",
                "arn:aws:iam::111122223333:user/Alice"));
        assertThat(key).isEqualTo(new BackingKey(keyId, arn(keyId), null, null));
        return key;
    }

    private static String arn(String keyId) {
        return "arn:aws:kms:us-east-1:111122223333:key/" + keyId;
    }

    private static ConnectorSession connect(String name, int hsms, int zones) throws ConnectionFailedException {
        return connect(name, hsms, zones, 2);
    }

    private static ConnectorSession connect(String name, int hsms, int zones, int poolSize)
            throws ConnectionFailedException {
        return cluster(SoftHsm.createToken(name, PIN), hsms, zones, poolSize).loginAndRotate(PIN);
    }

    private static Pkcs11Cluster cluster(String tokenLabel, int hsms, int zones, int poolSize) {
        return new Pkcs11Cluster(new Pkcs11ClusterSettings("cluster-" + tokenLabel, SoftHsm.LIBRARY, tokenLabel,
                "cluster-pem", hsms, zones, true, null, poolSize));
    }

    private static ConnectionTarget target(HsmCluster cluster) {
        return new ConnectionTarget(CustomKeyStoreType.AWS_CLOUDHSM, cluster.clusterId(), null, "ref");
    }


    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A cluster as an operator's simulation shows it: fewer HSMs than the token's configuration declares. */
    private record DescribedAs(HsmCluster cluster, int activeHsms) implements HsmCluster {

        @Override
        public String clusterId() {
            return cluster.clusterId();
        }

        @Override
        public HsmClusterInfo describe() {
            HsmClusterInfo declared = cluster.describe();
            return new HsmClusterInfo(declared.clusterId(), true, activeHsms, activeHsms,
                    declared.clusterCertificatePem(), null);
        }

        @Override
        public ConnectorSession loginAndRotate(String password) throws ConnectionFailedException {
            return cluster.loginAndRotate(password);
        }

        @Override
        public ConnectorSession attach(String password) throws ConnectionFailedException {
            return cluster.attach(password);
        }
    }
}
