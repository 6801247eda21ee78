package io.keyhold.command.key;

import static io.keyhold.command.testsupport.KeyStoreTestData.ACCOUNT;
import static io.keyhold.command.testsupport.KmsKeyTestData.KEY_ARN;
import static io.keyhold.command.testsupport.KmsKeyTestData.KEY_ID;
import static io.keyhold.command.testsupport.KmsKeyTestData.NOW;
import static io.keyhold.command.testsupport.KmsKeyTestData.cloudHsmKeyCreated;
import static io.keyhold.command.testsupport.KmsKeyTestData.deleted;
import static io.keyhold.command.testsupport.KmsKeyTestData.deletionAfter;
import static io.keyhold.command.testsupport.KmsKeyTestData.deletionScheduled;
import static io.keyhold.command.testsupport.KmsKeyTestData.keyOperations;
import static io.keyhold.command.testsupport.KmsKeyTestData.xksKeyCreated;
import static org.hamcrest.Matchers.equalTo;

import io.keyhold.api.error.KMSInvalidStateException;
import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.key.CancelKmsKeyDeletionCommand;
import io.keyhold.api.key.KmsKeyDeletionCancelled;
import io.keyhold.api.key.KmsKeyDisabled;
import io.keyhold.api.key.ScheduleKmsKeyDeletionCommand;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ScheduleKeyDeletion and CancelKeyDeletion, and the persistent deadline that completes a deletion
 * when the waiting period ends.
 */
class KmsKeyDeletionTest extends KmsKeyFixtureSupport {

    @Test
    void scheduleRecordsTheWindowSchedulesTheDeadlineAndAnswersTheDeletionDate() {
        fixture.given(cloudHsmKeyCreated())
                .andGivenCurrentTime(NOW)
                .when(new ScheduleKmsKeyDeletionCommand(KEY_ID, ACCOUNT, 7))
                .expectSuccessfulHandlerExecution()
                .expectEvents(deletionScheduled(7))
                .expectResultMessagePayload(deletionAfter(7))
                .expectScheduledDeadline(deletionAfter(7), new KmsKeyDeletionDue(deletionAfter(7)))
                .expectScheduledDeadlineWithName(deletionAfter(7), KmsKey.DELETION_DEADLINE);
    }

    @Test
    void aDisabledKeyCanBeScheduledForDeletion() {
        fixture.given(xksKeyCreated(), new KmsKeyDisabled(KEY_ID))
                .andGivenCurrentTime(NOW)
                .when(new ScheduleKmsKeyDeletionCommand(KEY_ID, ACCOUNT, 30))
                .expectEvents(deletionScheduled(30))
                .expectResultMessagePayload(deletionAfter(30));
    }

    @Test
    void scheduleIsRefusedWhenAlreadyPendingDeletion() {
        fixture.given(cloudHsmKeyCreated(), deletionScheduled(7))
                .when(new ScheduleKmsKeyDeletionCommand(KEY_ID, ACCOUNT, 30))
                .expectException(KMSInvalidStateException.class)
                .expectExceptionMessage(equalTo(KEY_ARN + " is pending deletion."))
                .expectNoEvents()
                .expectNoScheduledDeadlines();
    }

    @Test
    void cancelCancelsTheDeadlineAndLeavesTheKeyDisabled() {
        fixture.given(cloudHsmKeyCreated())
                .andGivenCurrentTime(NOW)
                .andGivenCommands(new ScheduleKmsKeyDeletionCommand(KEY_ID, ACCOUNT, 7))
                .when(new CancelKmsKeyDeletionCommand(KEY_ID, ACCOUNT))
                .expectEvents(new KmsKeyDeletionCancelled(KEY_ID))
                .expectNoScheduledDeadlines();
    }

    @Test
    void cancelIsRefusedWhenNotPendingDeletion() {
        fixture.given(cloudHsmKeyCreated())
                .when(new CancelKmsKeyDeletionCommand(KEY_ID, ACCOUNT))
                .expectException(KMSInvalidStateException.class)
                .expectExceptionMessage(equalTo(KEY_ARN + " is not pending deletion."))
                .expectNoEvents();
    }

    @Test
    void cancelIsRefusedOnceCancelled() {
        fixture.given(cloudHsmKeyCreated(), deletionScheduled(7), new KmsKeyDeletionCancelled(KEY_ID))
                .when(new CancelKmsKeyDeletionCommand(KEY_ID, ACCOUNT))
                .expectException(KMSInvalidStateException.class)
                .expectExceptionMessage(equalTo(KEY_ARN + " is not pending deletion."));
    }

    @Test
    void theDeadlineCompletesTheDeletionAndDeletesTheAggregate() {
        fixture.given(xksKeyCreated())
                .andGivenCurrentTime(NOW)
                .andGivenCommands(new ScheduleKmsKeyDeletionCommand(KEY_ID, ACCOUNT, 7))
                .whenTimeAdvancesTo(deletionAfter(7))
                .expectTriggeredDeadlines(new KmsKeyDeletionDue(deletionAfter(7)))
                .expectEvents(deleted(xksKeyCreated()))
                .expectMarkedDeleted();
    }

    @Test
    void nothingHappensBeforeTheWaitingPeriodEnds() {
        fixture.given(cloudHsmKeyCreated())
                .andGivenCurrentTime(NOW)
                .andGivenCommands(new ScheduleKmsKeyDeletionCommand(KEY_ID, ACCOUNT, 7))
                .whenTimeAdvancesTo(deletionAfter(7).minusSeconds(1))
                .expectNoEvents()
                .expectScheduledDeadline(deletionAfter(7), new KmsKeyDeletionDue(deletionAfter(7)));
    }

    @Test
    void aCancelledScheduleNeverDeletesTheKey() {
        fixture.given(cloudHsmKeyCreated())
                .andGivenCurrentTime(NOW)
                .andGivenCommands(new ScheduleKmsKeyDeletionCommand(KEY_ID, ACCOUNT, 7),
                        new CancelKmsKeyDeletionCommand(KEY_ID, ACCOUNT))
                .whenTimeAdvancesTo(deletionAfter(30))
                .expectNoEvents()
                .expectNotMarkedDeleted();
    }

    /** A deadline that escaped its cancellation names the old date and is ignored. */
    @Test
    void aDeadlineOfAnEarlierScheduleIsIgnored() {
        fixture.given(cloudHsmKeyCreated())
                .andGivenCurrentTime(NOW)
                .andGivenCommands(new ScheduleKmsKeyDeletionCommand(KEY_ID, ACCOUNT, 7))
                .andGiven(new KmsKeyDeletionCancelled(KEY_ID), deletionScheduled(30))
                .whenTimeAdvancesTo(deletionAfter(7))
                .expectTriggeredDeadlines(new KmsKeyDeletionDue(deletionAfter(7)))
                .expectNoEvents()
                .expectNotMarkedDeleted();
    }

    static Stream<Arguments> commandsAfterDeletion() {
        return keyOperations(ACCOUNT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsAfterDeletion")
    void aDeletedKeyDoesNotExist(String operation, Object command) {
        fixture.given(cloudHsmKeyCreated(), deletionScheduled(7), deleted(cloudHsmKeyCreated()))
                .when(command)
                .expectException(NotFoundException.class)
                .expectExceptionMessage(equalTo("Key '" + KEY_ARN + "' does not exist"))
                .expectNoEvents();
    }
}
