package io.keyhold.connector.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.hsm.GcmCiphertext;
import io.keyhold.connector.hsm.HsmCiphertextException;
import io.keyhold.connector.hsm.HsmKeyNotFoundException;
import io.keyhold.connector.hsm.HsmKeyOperations;
import io.keyhold.connector.hsm.HsmOperationException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Key operations against real SoftHSM2 tokens, one fresh token per test. */
class Pkcs11KeyOperationsTest {

    private static final String PIN = "initial-pin-1234";
    private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final byte[] AAD = "kms-encryption-context".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void configureSoftHsm() {
        SoftHsm.configure();
    }

    @Test
    void encryptThenDecryptRoundTripsWithAndWithoutAad() throws ConnectionFailedException {
        try (ConnectorSession session = connect("round-trip", 2)) {
            HsmKeyOperations keys = session.hsmKeys().orElseThrow();
            keys.generateKey(KEY);
            byte[] plaintext = ParallelRoundTrips.randomBytes(4096);

            GcmCiphertext withAad = keys.encrypt(KEY, plaintext, AAD);
            GcmCiphertext withoutAad = keys.encrypt(KEY, plaintext, null);

            assertThat(withAad.iv()).hasSize(12);
            assertThat(withAad.ciphertextAndTag()).hasSize(4096 + 16);
            assertThat(withAad.iv()).isNotEqualTo(withoutAad.iv());
            assertThat(keys.decrypt(KEY, withAad, AAD)).isEqualTo(plaintext);
            assertThat(keys.decrypt(KEY, withoutAad, null)).isEqualTo(plaintext);
            assertThat(keys.decrypt(KEY, withoutAad, new byte[0])).isEqualTo(plaintext);
            assertThat(withAad.toString()).doesNotContain(Arrays.toString(withAad.iv()));
            assertThat(withAad).isEqualTo(new GcmCiphertext(withAad.iv(), withAad.ciphertextAndTag()))
                    .hasSameHashCodeAs(new GcmCiphertext(withAad.iv(), withAad.ciphertextAndTag()));
        }
    }

    @Test
    void wrongAadOrFlippedTagBitFailsAuthentication() throws ConnectionFailedException {
        try (ConnectorSession session = connect("tamper", 2)) {
            HsmKeyOperations keys = session.hsmKeys().orElseThrow();
            keys.generateKey(KEY);
            String secret = "attack at dawn";
            GcmCiphertext ciphertext = keys.encrypt(KEY, secret.getBytes(StandardCharsets.UTF_8), AAD);
            byte[] tampered = ciphertext.ciphertextAndTag();
            tampered[tampered.length - 1] ^= 0x01;

            assertThatExceptionOfType(HsmCiphertextException.class)
                    .isThrownBy(() -> keys.decrypt(KEY, ciphertext, "other".getBytes(StandardCharsets.UTF_8)))
                    .withMessageNotContaining(secret);
            assertThatExceptionOfType(HsmCiphertextException.class)
                    .isThrownBy(() -> keys.decrypt(KEY, new GcmCiphertext(ciphertext.iv(), tampered), AAD))
                    .withMessageNotContaining(secret);
            assertThatExceptionOfType(HsmCiphertextException.class)
                    .isThrownBy(() -> keys.decrypt(KEY, ciphertext, null));
            // the sessions that saw the failures still work
            assertThat(new String(keys.decrypt(KEY, ciphertext, AAD), StandardCharsets.UTF_8)).isEqualTo(secret);
        }
    }

    @Test
    void unknownKeyIsNotFound() throws ConnectionFailedException {
        try (ConnectorSession session = connect("unknown", 2)) {
            HsmKeyOperations keys = session.hsmKeys().orElseThrow();
            GcmCiphertext ciphertext = new GcmCiphertext(new byte[12], new byte[32]);

            assertThatExceptionOfType(HsmKeyNotFoundException.class)
                    .isThrownBy(() -> keys.decrypt(KEY, ciphertext, null));
            assertThatExceptionOfType(HsmKeyNotFoundException.class)
                    .isThrownBy(() -> keys.encrypt(KEY, new byte[1], null));
            assertThatExceptionOfType(HsmKeyNotFoundException.class)
                    .isThrownBy(() -> keys.destroyKey(KEY));
        }
    }

    @Test
    void generatingAnExistingLabelFails() throws ConnectionFailedException {
        try (ConnectorSession session = connect("duplicate", 2)) {
            HsmKeyOperations keys = session.hsmKeys().orElseThrow();
            keys.generateKey(KEY);

            assertThatIllegalStateException().isThrownBy(() -> keys.generateKey(KEY));
            assertThat(SoftHsmKeys.count(session, KEY)).isEqualTo(1);
        }
    }

    @Test
    void destroyedKeyIsNotFound() throws ConnectionFailedException {
        try (ConnectorSession session = connect("destroy", 2)) {
            HsmKeyOperations keys = session.hsmKeys().orElseThrow();
            keys.generateKey(KEY);
            GcmCiphertext ciphertext = keys.encrypt(KEY, new byte[] {1, 2, 3}, null);

            keys.destroyKey(KEY);

            assertThatExceptionOfType(HsmKeyNotFoundException.class)
                    .isThrownBy(() -> keys.encrypt(KEY, new byte[] {1, 2, 3}, null));
            assertThatExceptionOfType(HsmKeyNotFoundException.class)
                    .isThrownBy(() -> keys.decrypt(KEY, ciphertext, null));
            keys.generateKey(KEY);
            assertThatExceptionOfType(HsmOperationException.class)
                    .isThrownBy(() -> keys.decrypt(KEY, ciphertext, null));
        }
    }

    @Test
    void keysSurviveALogoutAndAreFoundAgainByLabel() throws ConnectionFailedException {
        Pkcs11Cluster cluster = cluster(SoftHsm.createToken("relogin", PIN), 2);
        GcmCiphertext ciphertext;
        String rotated;
        try (ConnectorSession session = cluster.loginAndRotate(PIN)) {
            rotated = session.rotatedCredential().orElseThrow();
            session.hsmKeys().orElseThrow().generateKey(KEY);
            ciphertext = session.hsmKeys().orElseThrow().encrypt(KEY, new byte[] {4, 5, 6}, AAD);
        }

        try (ConnectorSession session = cluster.loginAndRotate(rotated)) {
            assertThat(session.hsmKeys().orElseThrow().decrypt(KEY, ciphertext, AAD)).containsExactly(4, 5, 6);
        }
    }

    @Test
    void keyValueCannotBeRead() throws ConnectionFailedException {
        try (ConnectorSession session = connect("extract", 2)) {
            session.hsmKeys().orElseThrow().generateKey(KEY);
            Pkcs11Library library = Pkcs11Libraries.get(SoftHsm.LIBRARY);
            long handle = ((Pkcs11Session) session).handle();
            long key = library.findSecretKeys(handle, KEY)[0];

            assertThatExceptionOfType(Pkcs11Exception.class)
                    .isThrownBy(() -> library.attributeBytes(handle, key, Ck.CKA_VALUE))
                    .satisfies(e -> assertThat(e.returnValue()).isEqualTo(Ck.CKR_ATTRIBUTE_SENSITIVE));
            assertThat(library.attributeBytes(handle, key, Ck.CKA_LABEL))
                    .isEqualTo(KEY.getBytes(StandardCharsets.UTF_8));
            assertThat(library.attributeBytes(handle, key, Ck.CKA_ID)).hasSize(16);
        }
    }

    @Test
    void concurrentOperationsShareASmallPool() throws Exception {
        try (ConnectorSession session = connect("concurrent", 4)) {
            HsmKeyOperations keys = session.hsmKeys().orElseThrow();
            keys.generateKey(KEY);

            ParallelRoundTrips.assertIntact(16, 50, 512,
                    (plaintext, aad) -> keys.decrypt(KEY, keys.encrypt(KEY, plaintext, aad), aad));

            assertThat(((Pkcs11Session) session).keyOperations().sessionHandles()).hasSize(4);
        }
    }

    @Test
    void closingClosesEveryPooledSessionAndEndsOperations() throws ConnectionFailedException {
        Pkcs11Cluster cluster = cluster(SoftHsm.createToken("close", PIN), 3);
        ConnectorSession session = cluster.loginAndRotate(PIN);
        String rotated = session.rotatedCredential().orElseThrow();
        HsmKeyOperations keys = session.hsmKeys().orElseThrow();
        keys.generateKey(KEY);
        List<Long> pooled = ((Pkcs11Session) session).keyOperations().sessionHandles();
        long login = ((Pkcs11Session) session).handle();
        Pkcs11Library library = Pkcs11Libraries.get(SoftHsm.LIBRARY);
        assertThat(pooled).hasSize(3).allSatisfy(handle -> library.sessionInfo(handle));

        session.close();

        List<Long> all = new ArrayList<>(pooled);
        all.add(login);
        assertThat(all).allSatisfy(handle -> assertThatExceptionOfType(Pkcs11Exception.class)
                .isThrownBy(() -> library.sessionInfo(handle))
                .satisfies(e -> assertThat(e.returnValue()).isEqualTo(Ck.CKR_SESSION_HANDLE_INVALID)));
        assertThatExceptionOfType(HsmOperationException.class)
                .isThrownBy(() -> keys.encrypt(KEY, new byte[1], null))
                .withMessageContaining("closed");
        assertThatExceptionOfType(HsmOperationException.class).isThrownBy(() -> keys.generateKey("other"));
        try (ConnectorSession again = cluster.loginAndRotate(rotated)) {
            assertThat(again.hsmKeys()).isPresent();
        }
    }

    @Test
    void exhaustedPoolFailsAfterTheWaitBound() throws Exception {
        String label = SoftHsm.createToken("exhausted", PIN);
        Pkcs11Library library = Pkcs11Libraries.get(SoftHsm.LIBRARY);
        long slot = library.findSlotByTokenLabel(label).orElseThrow();
        Pkcs11KeyOperations keys = Pkcs11KeyOperations.open(library, slot, 1, "cluster-exhausted",
                Duration.ofMillis(50));
        ExecutorService executor = Executors.newSingleThreadExecutor();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            Future<Long> holder = executor.submit(() -> keys.withSession("holding", session -> {
                holding.countDown();
                awaitUninterruptibly(release);
                return session;
            }));
            assertThat(holding.await(1, TimeUnit.MINUTES)).isTrue();

            assertThatExceptionOfType(HsmOperationException.class)
                    .isThrownBy(() -> keys.encrypt(KEY, new byte[1], null))
                    .withMessageContaining("no PKCS#11 session");

            release.countDown();
            holder.get(1, TimeUnit.MINUTES);
            // the session is back: the next operation gets it (and, not logged in, finds no key)
            assertThatExceptionOfType(HsmKeyNotFoundException.class)
                    .isThrownBy(() -> keys.encrypt(KEY, new byte[1], null));
        } finally {
            release.countDown();
            executor.shutdownNow();
            keys.close();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ConnectorSession connect(String name, int poolSize) throws ConnectionFailedException {
        return cluster(SoftHsm.createToken(name, PIN), poolSize).loginAndRotate(PIN);
    }

    private static Pkcs11Cluster cluster(String tokenLabel, int poolSize) {
        return new Pkcs11Cluster(new Pkcs11ClusterSettings("cluster-" + tokenLabel, SoftHsm.LIBRARY, tokenLabel,
                "cluster-pem", 2, 2, true, null, poolSize));
    }


    /** Looks at the token directly, beside the pool. */
    private static final class SoftHsmKeys {

        static int count(ConnectorSession session, String label) {
            return Pkcs11Libraries.get(SoftHsm.LIBRARY).findSecretKeys(((Pkcs11Session) session).handle(), label)
                    .length;
        }
    }
}
