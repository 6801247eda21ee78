package io.keyhold.command.keystore;

import static io.keyhold.command.testsupport.KeyStoreTestData.ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.ATTEMPT;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_ACCESS_KEY_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_ENDPOINT;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_PATH;
import static io.keyhold.command.testsupport.KeyStoreTestData.PUBLIC_XKS;
import static io.keyhold.command.testsupport.KeyStoreTestData.STORE_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.created;
import static io.keyhold.command.testsupport.KeyStoreTestData.historyIn;
import static io.keyhold.command.testsupport.KeyStoreTestData.target;
import static io.keyhold.command.testsupport.KeyStoreTestData.update;
import static io.keyhold.command.testsupport.KeyStoreMatchers.onlyConnectingTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

import io.keyhold.api.error.CustomKeyStoreInvalidStateException;
import io.keyhold.api.keystore.ConnectCustomKeyStoreCommand;
import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.api.keystore.CustomKeyStoreCreated;
import io.keyhold.api.keystore.CustomKeyStoreDeleted;
import io.keyhold.api.keystore.CustomKeyStoreRenamed;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.DeleteCustomKeyStoreCommand;
import io.keyhold.api.keystore.DisconnectCustomKeyStoreCommand;
import io.keyhold.api.keystore.KeyStoreCredentialUpdated;
import io.keyhold.api.keystore.KeyStoreDisconnected;
import io.keyhold.api.keystore.UpdateCustomKeyStoreCommand;
import io.keyhold.api.keystore.XksProxyConfigurationChanged;
import io.keyhold.api.keystore.XksProxySettings;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every cell of the ConnectionState table of kms-api.md 4.2 for Connect, Disconnect, Update
 * (connected-safe members only / a DISCONNECTED-only member) and Delete, for both store types.
 *
 * <p>DISCONNECTING: this implementation collapses the transient state, Disconnect goes straight to
 * DISCONNECTED through KeyStoreDisconnected, so no event stream leads to DISCONNECTING and its column
 * cannot be exercised; the four reachable states are covered in full, and
 * {@link #disconnectGoesStraightToDisconnected()} pins the collapse.
 */
class CustomKeyStoreStateTableTest extends CustomKeyStoreFixtureSupport {

    static Stream<Arguments> connectingOrConnected() {
        return combine(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    }

    static Stream<Arguments> connectingConnectedOrFailed() {
        return combine(ConnectionState.CONNECTING, ConnectionState.CONNECTED, ConnectionState.FAILED);
    }

    static Stream<Arguments> disconnectedOrConnected() {
        return combine(ConnectionState.DISCONNECTED, ConnectionState.CONNECTED);
    }

    static Stream<Arguments> connectingOrFailed() {
        return combine(ConnectionState.CONNECTING, ConnectionState.FAILED);
    }

    private static Stream<Arguments> combine(ConnectionState... states) {
        return Stream.of(CustomKeyStoreType.values())
                .flatMap(type -> Stream.of(states).map(state -> Arguments.of(type, state)));
    }

    // ConnectCustomKeyStore

    @ParameterizedTest(name = "{0}")
    @EnumSource(CustomKeyStoreType.class)
    void connectFromDisconnectedStartsAConnectionAttemptWithAFreshAttemptId(CustomKeyStoreType type) {
        CustomKeyStoreCreated created = created(type);
        fixture.given(historyIn(created, ConnectionState.DISCONNECTED))
                .when(new ConnectCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(onlyConnectingTo(target(created)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("connectingOrConnected")
    void connectIsAcceptedAsANoOpWhenConnectingOrConnected(CustomKeyStoreType type, ConnectionState state) {
        fixture.given(historyIn(created(type), state))
                .when(new ConnectCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(CustomKeyStoreType.class)
    void connectIsRejectedWhenFailed(CustomKeyStoreType type) {
        fixture.given(historyIn(created(type), ConnectionState.FAILED))
                .when(new ConnectCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectException(CustomKeyStoreInvalidStateException.class)
                .expectExceptionMessage(allOf(containsString("ConnectCustomKeyStore"),
                        containsString("while its ConnectionState is FAILED"),
                        containsString("Disconnect the custom key store before connecting it again")))
                .expectNoEvents();
    }

    // DisconnectCustomKeyStore

    @ParameterizedTest(name = "{0}")
    @EnumSource(CustomKeyStoreType.class)
    void disconnectIsRejectedWhenAlreadyDisconnected(CustomKeyStoreType type) {
        fixture.given(historyIn(created(type), ConnectionState.DISCONNECTED))
                .when(new DisconnectCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectException(CustomKeyStoreInvalidStateException.class)
                .expectExceptionMessage(allOf(containsString("DisconnectCustomKeyStore"),
                        containsString("while its ConnectionState is DISCONNECTED")))
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("connectingConnectedOrFailed")
    void disconnectEndsTheCurrentAttemptWhenConnectingConnectedOrFailed(CustomKeyStoreType type, ConnectionState state) {
        fixture.given(historyIn(created(type), state))
                .when(new DisconnectCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectEvents(new KeyStoreDisconnected(STORE_ID, ACCOUNT, ATTEMPT));
    }

    @Test
    void disconnectGoesStraightToDisconnected() {
        // after Disconnect from CONNECTED the store accepts what only DISCONNECTED allows
        fixture.given(historyIn(created(CustomKeyStoreType.EXTERNAL_KEY_STORE), ConnectionState.CONNECTED))
                .andGivenCommands(new DisconnectCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .when(new DeleteCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectEvents(new CustomKeyStoreDeleted(STORE_ID, ACCOUNT));
    }

    // UpdateCustomKeyStore, connected-safe members only

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("disconnectedOrConnected")
    void updateOfConnectedSafeMembersIsAcceptedWhenDisconnectedOrConnected(CustomKeyStoreType type,
                                                                           ConnectionState state) {
        fixture.given(historyIn(created(type), state))
                .when(connectedSafeUpdate(type))
                .expectEvents(connectedSafeUpdateEvents(type));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("connectingOrFailed")
    void updateOfConnectedSafeMembersIsRejectedWhenConnectingOrFailed(CustomKeyStoreType type, ConnectionState state) {
        fixture.given(historyIn(created(type), state))
                .when(connectedSafeUpdate(type))
                .expectException(CustomKeyStoreInvalidStateException.class)
                .expectExceptionMessage(allOf(containsString("UpdateCustomKeyStore"),
                        containsString("while its ConnectionState is " + state),
                        containsString("Only the DISCONNECTED and CONNECTED states allow updates")))
                .expectNoEvents();
        assertThat(secrets.puts()).isEmpty();
    }

    // UpdateCustomKeyStore, a DISCONNECTED-only member

    @ParameterizedTest(name = "{0}")
    @EnumSource(CustomKeyStoreType.class)
    void updateOfADisconnectedOnlyMemberIsAcceptedWhenDisconnected(CustomKeyStoreType type) {
        fixture.given(historyIn(created(type), ConnectionState.DISCONNECTED))
                .when(disconnectedOnlyUpdate(type))
                .expectEvents(disconnectedOnlyUpdateEvents(type));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("connectingConnectedOrFailed")
    void updateOfADisconnectedOnlyMemberIsRejectedWhenConnectingConnectedOrFailed(CustomKeyStoreType type,
                                                                                 ConnectionState state) {
        fixture.given(historyIn(created(type), state))
                .when(disconnectedOnlyUpdate(type))
                .expectException(CustomKeyStoreInvalidStateException.class)
                .expectExceptionMessage(allOf(containsString("while its ConnectionState is " + state),
                        containsString("Disconnect the custom key store before changing "
                                + (type == CustomKeyStoreType.AWS_CLOUDHSM ? "KeyStorePassword" : "XksProxyUriEndpoint"))))
                .expectNoEvents();
        assertThat(secrets.puts()).isEmpty();
    }

    // DeleteCustomKeyStore

    @ParameterizedTest(name = "{0}")
    @EnumSource(CustomKeyStoreType.class)
    void deleteIsAcceptedWhenDisconnected(CustomKeyStoreType type) {
        fixture.given(historyIn(created(type), ConnectionState.DISCONNECTED))
                .when(new DeleteCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectEvents(new CustomKeyStoreDeleted(STORE_ID, ACCOUNT))
                .expectMarkedDeleted();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("connectingConnectedOrFailed")
    void deleteIsRejectedWhenConnectingConnectedOrFailed(CustomKeyStoreType type, ConnectionState state) {
        fixture.given(historyIn(created(type), state))
                .when(new DeleteCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectException(CustomKeyStoreInvalidStateException.class)
                .expectExceptionMessage(allOf(containsString("DeleteCustomKeyStore"),
                        containsString("while its ConnectionState is " + state)))
                .expectNoEvents();
    }

    // helpers

    /** CloudHSM: the name is the only connected-safe member; XKS: name, URI path and credential. */
    private static UpdateCustomKeyStoreCommand connectedSafeUpdate(CustomKeyStoreType type) {
        return type == CustomKeyStoreType.AWS_CLOUDHSM
                ? update().newName("renamed").build()
                : update().newName("renamed").xksProxyUriPath(OTHER_PATH).xksProxyCredential(OTHER_ACCESS_KEY_ID, "new-secret-access-key").build();
    }

    private static Object[] connectedSafeUpdateEvents(CustomKeyStoreType type) {
        CustomKeyStoreRenamed renamed = new CustomKeyStoreRenamed(STORE_ID, ACCOUNT, "renamed");
        if (type == CustomKeyStoreType.AWS_CLOUDHSM) {
            return new Object[] {renamed};
        }
        return new Object[] {renamed,
                new XksProxyConfigurationChanged(STORE_ID, ACCOUNT, new XksProxySettings(PUBLIC_XKS.uriEndpoint(), OTHER_PATH,
                        PUBLIC_XKS.connectivity(), null, null, OTHER_ACCESS_KEY_ID)),
                new KeyStoreCredentialUpdated(STORE_ID, ACCOUNT, "ref-1")};
    }

    private static UpdateCustomKeyStoreCommand disconnectedOnlyUpdate(CustomKeyStoreType type) {
        return type == CustomKeyStoreType.AWS_CLOUDHSM
                ? update().keyStorePassword("new-Passw0rd").build()
                : update().xksProxyUriEndpoint(OTHER_ENDPOINT).build();
    }

    private static Object[] disconnectedOnlyUpdateEvents(CustomKeyStoreType type) {
        return type == CustomKeyStoreType.AWS_CLOUDHSM
                ? new Object[] {new KeyStoreCredentialUpdated(STORE_ID, ACCOUNT, "ref-1")}
                : new Object[] {new XksProxyConfigurationChanged(STORE_ID, ACCOUNT, new XksProxySettings(OTHER_ENDPOINT,
                        PUBLIC_XKS.uriPath(), PUBLIC_XKS.connectivity(), null, null, PUBLIC_XKS.accessKeyId()))};
    }
}
