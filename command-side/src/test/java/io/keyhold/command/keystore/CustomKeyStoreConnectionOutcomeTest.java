package io.keyhold.command.keystore;

import static io.keyhold.command.testsupport.KeyStoreTestData.ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.ATTEMPT;
import static io.keyhold.command.testsupport.KeyStoreTestData.CLUSTER_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_ATTEMPT;
import static io.keyhold.command.testsupport.KeyStoreTestData.PUBLIC_XKS;
import static io.keyhold.command.testsupport.KeyStoreTestData.STORE_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.cloudHsmCreated;
import static io.keyhold.command.testsupport.KeyStoreTestData.historyIn;
import static io.keyhold.command.testsupport.KeyStoreTestData.target;
import static io.keyhold.command.testsupport.KeyStoreTestData.xksCreated;
import static io.keyhold.command.testsupport.KeyStoreMatchers.onlyConnectingTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.keyhold.api.error.CloudHsmClusterNotActiveException;
import io.keyhold.api.keystore.CompleteKeyStoreConnectionCommand;
import io.keyhold.api.keystore.ConnectCustomKeyStoreCommand;
import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.FailKeyStoreConnectionCommand;
import io.keyhold.api.keystore.KeyStoreConnected;
import io.keyhold.api.keystore.KeyStoreConnectionFailed;
import io.keyhold.api.keystore.KeyStoreDisconnected;
import io.keyhold.api.keystore.KmsUserCredentialRotated;
import io.keyhold.api.keystore.Secret;
import io.keyhold.command.testsupport.RecordingSecretStore.Put;

import org.junit.jupiter.api.Test;

/**
 * The saga's outcome commands (Complete/FailKeyStoreConnection) against the current and stale
 * attempts, and Connect's CloudHSM fast fail (kms-api.md 3.2).
 */
class CustomKeyStoreConnectionOutcomeTest extends CustomKeyStoreFixtureSupport {

    @Test
    void completingTheCurrentAttemptRotatesTheCredentialAndConnects() {
        fixture.given(historyIn(cloudHsmCreated(), ConnectionState.CONNECTING))
                .when(new CompleteKeyStoreConnectionCommand(STORE_ID, ATTEMPT, new Secret("rotated-Passw0rd")))
                .expectEvents(new KmsUserCredentialRotated(STORE_ID, ACCOUNT, "ref-1"),
                        new KeyStoreConnected(STORE_ID, ACCOUNT, ATTEMPT));
        assertThat(secrets.puts()).containsExactly(new Put(STORE_ID, "rotated-Passw0rd", "ref-1"));
    }

    @Test
    void completingTheCurrentAttemptWithoutRotationOnlyConnects() {
        fixture.given(historyIn(xksCreated(PUBLIC_XKS), ConnectionState.CONNECTING))
                .when(new CompleteKeyStoreConnectionCommand(STORE_ID, ATTEMPT, null))
                .expectEvents(new KeyStoreConnected(STORE_ID, ACCOUNT, ATTEMPT));
        assertThat(secrets.puts()).isEmpty();
    }

    @Test
    void completingAStaleAttemptKeepsTheRotatedCredentialButDoesNotConnect() {
        fixture.given(historyIn(cloudHsmCreated(), ConnectionState.CONNECTING))
                .when(new CompleteKeyStoreConnectionCommand(STORE_ID, OTHER_ATTEMPT, new Secret("rotated-Passw0rd")))
                .expectEvents(new KmsUserCredentialRotated(STORE_ID, ACCOUNT, "ref-1"));
    }

    @Test
    void completingAnAttemptThatWasDisconnectedKeepsTheRotatedCredentialButDoesNotConnect() {
        fixture.given(historyIn(cloudHsmCreated(), ConnectionState.CONNECTING))
                .andGiven(new KeyStoreDisconnected(STORE_ID, ACCOUNT, ATTEMPT))
                .when(new CompleteKeyStoreConnectionCommand(STORE_ID, ATTEMPT, new Secret("rotated-Passw0rd")))
                .expectEvents(new KmsUserCredentialRotated(STORE_ID, ACCOUNT, "ref-1"));
    }

    @Test
    void completingAnAttemptThatAlreadyFailedDoesNotConnect() {
        fixture.given(historyIn(xksCreated(PUBLIC_XKS), ConnectionState.FAILED))
                .when(new CompleteKeyStoreConnectionCommand(STORE_ID, ATTEMPT, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void failingTheCurrentAttemptMarksTheStoreFailed() {
        fixture.given(historyIn(cloudHsmCreated(), ConnectionState.CONNECTING))
                .when(new FailKeyStoreConnectionCommand(STORE_ID, ATTEMPT, ConnectionErrorCode.USER_LOGGED_IN))
                .expectEvents(new KeyStoreConnectionFailed(STORE_ID, ACCOUNT, ATTEMPT,
                        ConnectionErrorCode.USER_LOGGED_IN));
    }

    @Test
    void failingAStaleAttemptEmitsNothing() {
        fixture.given(historyIn(cloudHsmCreated(), ConnectionState.CONNECTING))
                .when(new FailKeyStoreConnectionCommand(STORE_ID, OTHER_ATTEMPT, ConnectionErrorCode.NETWORK_ERRORS))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void failingTheAttemptOfAConnectedStoreEmitsNothing() {
        // e.g. the saga's deadline fired just after the attempt completed
        fixture.given(historyIn(xksCreated(PUBLIC_XKS), ConnectionState.CONNECTED))
                .when(new FailKeyStoreConnectionCommand(STORE_ID, ATTEMPT, ConnectionErrorCode.XKS_PROXY_TIMED_OUT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void connectFailsFastWhenTheClusterIsNotActive() {
        cluster.describeAs(false, 2, 2);
        fixture.given(historyIn(cloudHsmCreated(), ConnectionState.DISCONNECTED))
                .when(new ConnectCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectException(CloudHsmClusterNotActiveException.class)
                .expectExceptionMessage(containsString("The AWS CloudHSM cluster " + CLUSTER_ID + " is not active."))
                .expectNoEvents();
    }

    @Test
    void connectNeedsOnlyOneActiveHsm() {
        // create and update need two HSMs in two zones; connect only an active cluster
        cluster.describeAs(true, 1, 1);
        fixture.given(historyIn(cloudHsmCreated(), ConnectionState.DISCONNECTED))
                .when(new ConnectCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectEventsMatching(onlyConnectingTo(target(cloudHsmCreated())));
    }

    @Test
    void connectDoesNotFailFastForAnExternalKeyStore() {
        fixture.given(historyIn(xksCreated(PUBLIC_XKS), ConnectionState.DISCONNECTED))
                .when(new ConnectCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectEventsMatching(onlyConnectingTo(target(xksCreated(PUBLIC_XKS))));
    }

    @Test
    void reconnectUsesTheCredentialRotatedByThePreviousConnection() {
        fixture.given(historyIn(cloudHsmCreated(), ConnectionState.CONNECTED))
                .andGiven(new KmsUserCredentialRotated(STORE_ID, ACCOUNT, "ref-rotated"),
                        new KeyStoreDisconnected(STORE_ID, ACCOUNT, ATTEMPT))
                .when(new ConnectCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectEventsMatching(onlyConnectingTo(new ConnectionTarget(CustomKeyStoreType.AWS_CLOUDHSM, CLUSTER_ID, null,
                        "ref-rotated")));
    }
}
