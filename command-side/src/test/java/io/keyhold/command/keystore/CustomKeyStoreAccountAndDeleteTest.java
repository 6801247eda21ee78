package io.keyhold.command.keystore;

import static io.keyhold.command.testsupport.KeyStoreTestData.ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_STORE_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.PUBLIC_XKS;
import static io.keyhold.command.testsupport.KeyStoreTestData.STORE_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.cloudHsmCreated;
import static io.keyhold.command.testsupport.KeyStoreTestData.historyIn;
import static io.keyhold.command.testsupport.KeyStoreTestData.update;
import static io.keyhold.command.testsupport.KeyStoreTestData.xksCreated;
import static io.keyhold.command.testsupport.KmsKeyTestData.KEY_ID;
import static io.keyhold.command.testsupport.KmsKeyTestData.XKS_KEY_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.keyhold.api.error.CustomKeyStoreHasCMKsException;
import io.keyhold.api.error.CustomKeyStoreInvalidStateException;
import io.keyhold.api.error.CustomKeyStoreNotFoundException;
import io.keyhold.api.keystore.ConnectCustomKeyStoreCommand;
import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.api.keystore.CustomKeyStoreDeleted;
import io.keyhold.api.keystore.DeleteCustomKeyStoreCommand;
import io.keyhold.api.keystore.DisconnectCustomKeyStoreCommand;

import java.util.stream.Stream;

import org.axonframework.eventsourcing.AggregateDeletedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Cross-account use (kms-api.md 3, 7) and DeleteCustomKeyStore (3.6), keys included. */
class CustomKeyStoreAccountAndDeleteTest extends CustomKeyStoreFixtureSupport {

    /** Each operation in a state where the owner could perform it, so only the account decides. */
    static Stream<Arguments> operationsOfAnotherAccount() {
        return Stream.of(
                Arguments.of("ConnectCustomKeyStore", ConnectionState.DISCONNECTED,
                        new ConnectCustomKeyStoreCommand(STORE_ID, OTHER_ACCOUNT)),
                Arguments.of("DisconnectCustomKeyStore", ConnectionState.CONNECTED,
                        new DisconnectCustomKeyStoreCommand(STORE_ID, OTHER_ACCOUNT)),
                Arguments.of("UpdateCustomKeyStore (name)", ConnectionState.DISCONNECTED,
                        update().accountId(OTHER_ACCOUNT).newName("renamed").build()),
                Arguments.of("UpdateCustomKeyStore (empty)", ConnectionState.DISCONNECTED,
                        update().accountId(OTHER_ACCOUNT).build()),
                Arguments.of("UpdateCustomKeyStore (member of the other type)", ConnectionState.DISCONNECTED,
                        update().accountId(OTHER_ACCOUNT).keyStorePassword("new-Passw0rd").build()),
                Arguments.of("DeleteCustomKeyStore", ConnectionState.DISCONNECTED,
                        new DeleteCustomKeyStoreCommand(STORE_ID, OTHER_ACCOUNT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operationsOfAnotherAccount")
    void anotherAccountsStoreIsNotFoundForEveryOperation(String operation, ConnectionState state, Object command) {
        fixture.given(historyIn(xksCreated(PUBLIC_XKS), state))
                .when(command)
                .expectException(CustomKeyStoreNotFoundException.class)
                .expectExceptionMessage(equalTo("Custom key store " + STORE_ID
                        + " does not exist in this account and Region."))
                .expectNoEvents();
        assertThat(lookup.calls()).isEmpty();
        assertThat(secrets.puts()).isEmpty();
    }

    @Test
    void anotherAccountsStoreIsNotFoundEvenWhenTheOwnerWouldBeRejectedForItsState() {
        fixture.given(historyIn(cloudHsmCreated(), ConnectionState.FAILED))
                .when(new ConnectCustomKeyStoreCommand(STORE_ID, OTHER_ACCOUNT))
                .expectException(CustomKeyStoreNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void deleteEmitsCustomKeyStoreDeletedAndDeletesTheAggregate() {
        fixture.given(cloudHsmCreated())
                .when(new DeleteCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CustomKeyStoreDeleted(STORE_ID, ACCOUNT))
                .expectMarkedDeleted();
    }

    @Test
    void deleteIsRefusedWhileTheStoreHoldsAKey() {
        keys.key(KEY_ID, ACCOUNT, STORE_ID, null);
        fixture.given(cloudHsmCreated())
                .when(new DeleteCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectException(CustomKeyStoreHasCMKsException.class)
                .expectExceptionMessage(equalTo("Cannot delete custom key store " + STORE_ID
                        + " because it contains KMS keys."))
                .expectNoEvents();
    }

    @Test
    void deleteCountsTheKeysOfThisStoreOnly() {
        keys.key(KEY_ID, ACCOUNT, OTHER_STORE_ID, XKS_KEY_ID);
        fixture.given(xksCreated(PUBLIC_XKS))
                .when(new DeleteCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectEvents(new CustomKeyStoreDeleted(STORE_ID, ACCOUNT));
        assertThat(keys.calls()).containsExactly("countKeys(" + STORE_ID + ")");
    }

    @Test
    void theStateIsCheckedBeforeTheKeys() {
        keys.key(KEY_ID, ACCOUNT, STORE_ID, null);
        fixture.given(historyIn(cloudHsmCreated(), ConnectionState.CONNECTED))
                .when(new DeleteCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectException(CustomKeyStoreInvalidStateException.class)
                .expectNoEvents();
        assertThat(keys.calls()).isEmpty();
    }

    @Test
    void aDeletedStoreTakesNoMoreCommands() {
        fixture.given(cloudHsmCreated(), new CustomKeyStoreDeleted(STORE_ID, ACCOUNT))
                .when(new ConnectCustomKeyStoreCommand(STORE_ID, ACCOUNT))
                .expectException(AggregateDeletedException.class)
                .expectNoEvents();
    }
}
