package io.keyhold.server.key;

import static io.keyhold.server.key.KeyAccount.STATES;
import static io.keyhold.server.key.KeyAccount.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.keyhold.api.error.KMSInvalidStateException;
import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.key.CancelKmsKeyDeletionCommand;
import io.keyhold.api.key.DisableKmsKeyCommand;
import io.keyhold.api.key.EnableKmsKeyCommand;
import io.keyhold.api.key.KeyState;
import io.keyhold.api.key.KmsKeyView;
import io.keyhold.api.key.ScheduleKmsKeyDeletionCommand;
import io.keyhold.api.keystore.ConnectionState;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * EnableKey, DisableKey, ScheduleKeyDeletion and CancelKeyDeletion on real PostgreSQL, and the key
 * state DescribeKey reports as the store disconnects and reconnects (kms-api.md 6.3). The tests
 * share one store, so each leaves it CONNECTED.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KmsKeyStateTest extends KmsKeyIntegrationTest {

    private String storeId;

    @BeforeAll
    void connectedStore() {
        storeId = connectedStore(STATES);
    }

    private int eventCount(String keyId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Integer.class, keyId);
    }

    private int deadlineCount(String keyId) {
        return jdbc.queryForObject("select count(*) from scheduled_tasks where task_name = 'AxonDeadline' "
                + "and position(convert_to(?, 'UTF8') in task_data) > 0", Integer.class, keyId);
    }

    @Test
    void disableAndEnableAreRecordedOnceEach() {
        String keyId = createKey(STATES, storeId);

        commands.sendAndWait(new DisableKmsKeyCommand(keyId, STATES.accountId()));
        assertThat(find(STATES, keyId).keyState()).isEqualTo(KeyState.DISABLED);
        commands.sendAndWait(new DisableKmsKeyCommand(keyId, STATES.accountId()));
        commands.sendAndWait(new EnableKmsKeyCommand(keyId, STATES.accountId()));
        assertThat(find(STATES, keyId).keyState()).isEqualTo(KeyState.ENABLED);
        commands.sendAndWait(new EnableKmsKeyCommand(keyId, STATES.accountId()));

        assertThat(eventCount(keyId)).as("created, disabled, enabled").isEqualTo(3);
    }

    @Test
    void whileTheStoreIsDisconnectedKeysAreUnavailableAndTakeTheRequestedStateOnReconnect() {
        String stays = createKey(STATES, storeId);
        String disabledMeanwhile = createKey(STATES, storeId);
        String enabledMeanwhile = createKey(STATES, storeId);
        commands.sendAndWait(new DisableKmsKeyCommand(enabledMeanwhile, STATES.accountId()));

        disconnect(STATES, storeId);
        KmsKeyView unavailable = find(STATES, stays);
        assertThat(unavailable.storeConnectionState()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(unavailable.recordedState()).isEqualTo(KeyState.ENABLED);
        assertThat(unavailable.keyState()).isEqualTo(KeyState.UNAVAILABLE);
        commands.sendAndWait(new DisableKmsKeyCommand(disabledMeanwhile, STATES.accountId()));
        commands.sendAndWait(new EnableKmsKeyCommand(enabledMeanwhile, STATES.accountId()));
        assertThat(find(STATES, disabledMeanwhile).keyState()).isEqualTo(KeyState.UNAVAILABLE);
        assertThat(find(STATES, enabledMeanwhile).keyState()).isEqualTo(KeyState.UNAVAILABLE);

        connect(STATES, storeId);
        assertThat(find(STATES, stays).keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(find(STATES, disabledMeanwhile).keyState()).isEqualTo(KeyState.DISABLED);
        assertThat(find(STATES, enabledMeanwhile).keyState()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void scheduleAnswersTheDeletionDateTheViewShowsAndCancelLeavesTheKeyDisabled() {
        String keyId = createKey(STATES, storeId);
        Instant before = Instant.now();

        Instant deletionDate = commands.sendAndWait(new ScheduleKmsKeyDeletionCommand(keyId, STATES.accountId(), 7));

        assertThat(deletionDate).isCloseTo(before.plus(Duration.ofDays(7)), within(30, ChronoUnit.SECONDS));
        KmsKeyView pending = find(STATES, keyId);
        assertThat(pending.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(pending.deletionDate()).isEqualTo(deletionDate);
        assertThat(pending.pendingDeletionWindowInDays()).isEqualTo(7);
        assertThat(deadlineCount(keyId)).as("the persistent deletion deadline").isEqualTo(1);

        commands.sendAndWait(new CancelKmsKeyDeletionCommand(keyId, STATES.accountId()));

        KmsKeyView cancelled = find(STATES, keyId);
        assertThat(cancelled.keyState()).isEqualTo(KeyState.DISABLED);
        assertThat(cancelled.deletionDate()).isNull();
        assertThat(cancelled.pendingDeletionWindowInDays()).isNull();
        assertThat(deadlineCount(keyId)).as("the deadline is cancelled with the deletion").isZero();
    }

    @Test
    void aKeyPendingDeletionStaysPendingWhileTheStoreIsDisconnectedAndCanBeCancelled() {
        String keyId = createKey(STATES, storeId);
        commands.sendAndWait(new ScheduleKmsKeyDeletionCommand(keyId, STATES.accountId(), 30));

        disconnect(STATES, storeId);
        assertThat(find(STATES, keyId).keyState()).isEqualTo(KeyState.PENDING_DELETION);
        commands.sendAndWait(new CancelKmsKeyDeletionCommand(keyId, STATES.accountId()));
        assertThat(find(STATES, keyId).keyState()).isEqualTo(KeyState.UNAVAILABLE);
        connect(STATES, storeId);

        assertThat(find(STATES, keyId).keyState()).isEqualTo(KeyState.DISABLED);
    }

    @Test
    void aKeyPendingDeletionRefusesEnableDisableAndAnotherSchedule() {
        String keyId = createKey(STATES, storeId);
        String arn = STATES.keyArn(keyId);
        commands.sendAndWait(new ScheduleKmsKeyDeletionCommand(keyId, STATES.accountId(), 7));

        assertThat(expectKmsError(KMSInvalidStateException.class, () -> commands.sendAndWait(
                new EnableKmsKeyCommand(keyId, STATES.accountId()))).getMessage()).isEqualTo(arn + " is pending deletion.");
        assertThat(expectKmsError(KMSInvalidStateException.class, () -> commands.sendAndWait(
                new DisableKmsKeyCommand(keyId, STATES.accountId()))).getMessage()).isEqualTo(arn + " is pending deletion.");
        assertThat(expectKmsError(KMSInvalidStateException.class, () -> commands.sendAndWait(
                new ScheduleKmsKeyDeletionCommand(keyId, STATES.accountId(), 30))).getMessage())
                .isEqualTo(arn + " is pending deletion.");
        assertThat(deadlineCount(keyId)).isEqualTo(1);
    }

    @Test
    void cancelOfAKeyNotPendingDeletionIsRefused() {
        String keyId = createKey(STATES, storeId);
        assertThat(expectKmsError(KMSInvalidStateException.class, () -> commands.sendAndWait(
                new CancelKmsKeyDeletionCommand(keyId, STATES.accountId()))).getMessage())
                .isEqualTo(STATES.keyArn(keyId) + " is not pending deletion.");
    }

    @Test
    void anotherAccountCannotChangeTheKeyEvenByItsArn() {
        String keyId = createKey(STATES, storeId);
        NotFoundException error = expectKmsError(NotFoundException.class, () -> commands.sendAndWait(
                new DisableKmsKeyCommand(keyId, STRANGER.accountId())));
        assertThat(error.getMessage()).isEqualTo("Key '" + STATES.keyArn(keyId) + "' does not exist");
        assertThat(find(STATES, keyId).keyState()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void aKeyThatNeverExistedIsNotFound() {
        String keyId = UUID.randomUUID().toString();
        NotFoundException error = expectKmsError(NotFoundException.class, () -> commands.sendAndWait(
                new EnableKmsKeyCommand(keyId, STATES.accountId())));
        assertThat(error.getMessage()).isEqualTo("Key '" + keyId + "' does not exist");
    }
}
