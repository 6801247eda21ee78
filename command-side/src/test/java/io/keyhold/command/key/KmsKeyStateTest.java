package io.keyhold.command.key;

import static io.keyhold.command.testsupport.KeyStoreTestData.ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_ACCOUNT;
import static io.keyhold.command.testsupport.KmsKeyTestData.KEY_ARN;
import static io.keyhold.command.testsupport.KmsKeyTestData.KEY_ID;
import static io.keyhold.command.testsupport.KmsKeyTestData.cloudHsmKeyCreated;
import static io.keyhold.command.testsupport.KmsKeyTestData.deletionScheduled;
import static io.keyhold.command.testsupport.KmsKeyTestData.keyOperations;
import static io.keyhold.command.testsupport.KmsKeyTestData.xksKeyCreated;
import static org.hamcrest.Matchers.equalTo;

import io.keyhold.api.error.KMSInvalidStateException;
import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.key.CancelKmsKeyDeletionCommand;
import io.keyhold.api.key.DisableKmsKeyCommand;
import io.keyhold.api.key.EnableKmsKeyCommand;
import io.keyhold.api.key.KmsKeyDeletionCancelled;
import io.keyhold.api.key.KmsKeyDisabled;
import io.keyhold.api.key.KmsKeyEnabled;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * EnableKey and DisableKey, and the account rule of every key operation. The store's connection
 * state plays no part here: while it is away the key records the requested state, and the views
 * report Unavailable (kms-api.md 6.3).
 */
class KmsKeyStateTest extends KmsKeyFixtureSupport {

    @Test
    void disableRecordsKmsKeyDisabled() {
        fixture.given(cloudHsmKeyCreated())
                .when(new DisableKmsKeyCommand(KEY_ID, ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new KmsKeyDisabled(KEY_ID));
    }

    @Test
    void enableRecordsKmsKeyEnabled() {
        fixture.given(xksKeyCreated(), new KmsKeyDisabled(KEY_ID))
                .when(new EnableKmsKeyCommand(KEY_ID, ACCOUNT))
                .expectEvents(new KmsKeyEnabled(KEY_ID));
    }

    @Test
    void enablingAnEnabledKeyRecordsNothing() {
        fixture.given(cloudHsmKeyCreated())
                .when(new EnableKmsKeyCommand(KEY_ID, ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void disablingADisabledKeyRecordsNothing() {
        fixture.given(cloudHsmKeyCreated(), new KmsKeyDisabled(KEY_ID))
                .when(new DisableKmsKeyCommand(KEY_ID, ACCOUNT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aKeyWhoseDeletionWasCancelledIsDisabledAndCanBeEnabled() {
        fixture.given(cloudHsmKeyCreated(), deletionScheduled(7), new KmsKeyDeletionCancelled(KEY_ID))
                .when(new EnableKmsKeyCommand(KEY_ID, ACCOUNT))
                .expectEvents(new KmsKeyEnabled(KEY_ID));
    }

    @Test
    void enableIsRefusedWhilePendingDeletion() {
        fixture.given(cloudHsmKeyCreated(), deletionScheduled(7))
                .when(new EnableKmsKeyCommand(KEY_ID, ACCOUNT))
                .expectException(KMSInvalidStateException.class)
                .expectExceptionMessage(equalTo(KEY_ARN + " is pending deletion."))
                .expectNoEvents();
    }

    @Test
    void disableIsRefusedWhilePendingDeletion() {
        fixture.given(cloudHsmKeyCreated(), deletionScheduled(30))
                .when(new DisableKmsKeyCommand(KEY_ID, ACCOUNT))
                .expectException(KMSInvalidStateException.class)
                .expectExceptionMessage(equalTo(KEY_ARN + " is pending deletion."))
                .expectNoEvents();
    }

    static Stream<Arguments> operationsOfAnotherAccount() {
        return keyOperations(OTHER_ACCOUNT);
    }

    /** Each operation in a state where the owner could perform it, so only the account decides. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("operationsOfAnotherAccount")
    void anotherAccountsKeyDoesNotExistForEveryOperation(String operation, Object command) {
        Object state = command instanceof CancelKmsKeyDeletionCommand ? deletionScheduled(7) : new KmsKeyDisabled(KEY_ID);
        fixture.given(cloudHsmKeyCreated(), state)
                .when(command)
                .expectException(NotFoundException.class)
                .expectExceptionMessage(equalTo("Key '" + KEY_ARN + "' does not exist"))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }
}
