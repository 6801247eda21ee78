package io.keyhold.connector.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.hsm.HsmClusterInfo;
import io.keyhold.connector.hsm.KmsUserLockout;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against real SoftHSM2 tokens, one fresh token per test. */
class Pkcs11ClusterTest {

    private static final String PIN = "initial-pin-1234";
    private static final String WRONG_PIN = "wrong-pin-5678";

    @BeforeAll
    static void configureSoftHsm() {
        SoftHsm.configure();
    }

    @Test
    void loginRotatesThePinSoOnlyTheNewPinWorksAfterwards() throws ConnectionFailedException {
        Pkcs11Cluster cluster = cluster(SoftHsm.createToken("rotate", PIN));

        String rotated;
        try (ConnectorSession session = cluster.loginAndRotate(PIN)) {
            rotated = session.rotatedCredential().orElseThrow();
        }

        assertThat(rotated).matches("[A-Za-z0-9]{32}");
        assertFails(() -> cluster.loginAndRotate(PIN), ConnectionErrorCode.INVALID_CREDENTIALS);
        try (ConnectorSession session = cluster.loginAndRotate(rotated)) {
            assertThat(session.rotatedCredential()).get().isNotEqualTo(rotated);
        }
    }

    @Test
    void wrongPinIsInvalidCredentials() {
        Pkcs11Cluster cluster = cluster(SoftHsm.createToken("wrong-pin", PIN));

        assertFails(() -> cluster.loginAndRotate(WRONG_PIN), ConnectionErrorCode.INVALID_CREDENTIALS);
        assertFails(() -> cluster.loginAndRotate(null), ConnectionErrorCode.INVALID_CREDENTIALS);
    }

    /** SoftHSM never locks a PIN, and the cluster keeps no count: KmsUserLockout does, for every cluster. */
    @Test
    void wrongPinsAreEachInvalidCredentialsAndLeaveTheRightPinWorking() throws ConnectionFailedException {
        Pkcs11Cluster cluster = cluster(SoftHsm.createToken("no-count", PIN));
        for (int attempt = 1; attempt <= KmsUserLockout.FAILED_LOGINS_BEFORE_LOCKOUT + 1; attempt++) {
            assertFails(() -> cluster.loginAndRotate(WRONG_PIN), ConnectionErrorCode.INVALID_CREDENTIALS);
        }

        try (ConnectorSession session = cluster.loginAndRotate(PIN)) {
            assertThat(session.rotatedCredential()).isPresent();
        }
    }

    @Test
    void tokenWithoutUserPinHasNoKmsUser() {
        Pkcs11Cluster cluster = cluster(SoftHsm.createTokenWithoutUserPin("no-user"));

        assertFails(() -> cluster.loginAndRotate(PIN), ConnectionErrorCode.USER_NOT_FOUND);
    }

    @Test
    void unknownTokenLabelIsClusterNotFound() {
        SoftHsm.configure();

        assertFails(() -> cluster("no-such-token").loginAndRotate(PIN), ConnectionErrorCode.CLUSTER_NOT_FOUND);
    }

    @Test
    void missingLibraryIsNetworkErrors() {
        Pkcs11Cluster cluster = new Pkcs11Cluster(new Pkcs11ClusterSettings("cluster-nolib",
                "/nonexistent/libpkcs11-missing.so", "any", "pem", 2, 2, true, null, 2));

        assertFails(() -> cluster.loginAndRotate(PIN), ConnectionErrorCode.NETWORK_ERRORS);
    }

    @Test
    void kmsUserStaysLoggedInUntilTheSessionIsClosed() throws ConnectionFailedException {
        Pkcs11Cluster cluster = cluster(SoftHsm.createToken("logout", PIN));

        ConnectorSession first = cluster.loginAndRotate(PIN);
        String rotated = first.rotatedCredential().orElseThrow();
        assertFails(() -> cluster.loginAndRotate(rotated), ConnectionErrorCode.USER_LOGGED_IN);
        first.close();

        try (ConnectorSession second = cluster.loginAndRotate(rotated)) {
            assertThat(second.rotatedCredential()).isPresent();
        }
    }

    @Test
    void describeReportsTheConfiguredCluster() {
        Pkcs11ClusterSettings settings = new Pkcs11ClusterSettings("cluster-describe", SoftHsm.LIBRARY, "label",
                "cluster-pem", 3, 2, true, "111122223333", 2);

        HsmClusterInfo info = new Pkcs11Cluster(settings).describe();

        assertThat(info).isEqualTo(new HsmClusterInfo("cluster-describe", true, 3, 2, "cluster-pem", "111122223333"));
        assertThat(new Pkcs11Cluster(new Pkcs11ClusterSettings("cluster-inactive", SoftHsm.LIBRARY, "label",
                "cluster-pem", 3, 2, false, null, 2)).describe().activeHsms()).isZero();
    }

    private static Pkcs11Cluster cluster(String tokenLabel) {
        return new Pkcs11Cluster(new Pkcs11ClusterSettings("cluster-" + tokenLabel, SoftHsm.LIBRARY, tokenLabel,
                "cluster-pem", 2, 2, true, null, 2));
    }

    /** Also checks that no PIN leaks into the message. */
    private static void assertFails(ThrowingCallable connect, ConnectionErrorCode expected) {
        assertThatExceptionOfType(ConnectionFailedException.class)
                .isThrownBy(connect)
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(expected))
                .withMessageNotContaining(PIN)
                .withMessageNotContaining(WRONG_PIN);
    }
}
