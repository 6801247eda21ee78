package io.keyhold.command.key;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import io.keyhold.api.error.KMSInvalidStateException;
import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.error.UnsupportedOperationException;
import io.keyhold.api.error.ValidationException;
import io.keyhold.api.error.XksKeyAlreadyInUseException;
import io.keyhold.api.key.CancelKmsKeyDeletionCommand;
import io.keyhold.api.key.CreateKmsKeyCommand;
import io.keyhold.api.key.DisableKmsKeyCommand;
import io.keyhold.api.key.EnableKmsKeyCommand;
import io.keyhold.api.key.KeyOrigin;
import io.keyhold.api.key.KeyState;
import io.keyhold.api.key.KmsKeyCreated;
import io.keyhold.api.key.KmsKeyDeleted;
import io.keyhold.api.key.KmsKeyDeletionCancelled;
import io.keyhold.api.key.KmsKeyDeletionScheduled;
import io.keyhold.api.key.KmsKeyDisabled;
import io.keyhold.api.key.KmsKeyEnabled;
import io.keyhold.api.key.ScheduleKmsKeyDeletionCommand;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.command.keystore.KeyStoreRules;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A KMS key in a custom key store: its recorded state (ENABLED, DISABLED, PENDING_DELETION) and the
 * scheduled deletion a persistent deadline completes. Whether the key is usable also depends on
 * its store's connection state, which the views join in; the key records the state requested
 * while its store is away and takes it again on reconnect.
 */
@Aggregate
public class KmsKey {

    public static final String DELETION_DEADLINE = "kms-key-deletion";

    @AggregateIdentifier
    private String keyId;
    private String keyArn;
    private String accountId;
    private String customKeyStoreId;
    private KeyOrigin origin;
    private String materialRef;
    private KeyState state;
    private Instant deletionDate;

    protected KmsKey() {
        // for Axon's event sourcing
    }

    /** The backing key already exists; this records the key once the set-based rules allow it. */
    @CommandHandler
    public KmsKey(CreateKmsKeyCommand command, KmsKeyLookup lookup) {
        if (!lookup.storeExists(command.accountId(), command.customKeyStoreId())) {
            throw KeyStoreRules.notFound(command.customKeyStoreId());
        }
        if (command.origin() != originOf(command.storeType())) {
            throw new UnsupportedOperationException("Origin " + command.origin() + " is not valid for custom key store "
                    + command.customKeyStoreId() + " of type " + command.storeType() + ".");
        }
        boolean external = command.origin() == KeyOrigin.EXTERNAL_KEY_STORE;
        if (external && command.xksKeyId() == null) {
            throw new ValidationException("XksKeyId is required when Origin is EXTERNAL_KEY_STORE.");
        }
        if (!external && command.xksKeyId() != null) {
            throw new ValidationException("XksKeyId is valid only when Origin is EXTERNAL_KEY_STORE.");
        }
        if (external && lookup.isXksKeyInUse(command.customKeyStoreId(), command.xksKeyId())) {
            throw new XksKeyAlreadyInUseException("The external key ID " + command.xksKeyId()
                    + " is already associated with a KMS key in custom key store " + command.customKeyStoreId() + ".");
        }
        apply(new KmsKeyCreated(command.keyId(), command.keyArn(), command.accountId(), command.customKeyStoreId(),
                command.origin(), command.cloudHsmClusterId(), command.xksKeyId(), command.description(),
                command.policy(), command.materialRef(), now()));
    }

    @CommandHandler
    public void handle(EnableKmsKeyCommand command) {
        checkAccount(command.accountId());
        checkNotPendingDeletion();
        if (state != KeyState.ENABLED) {
            apply(new KmsKeyEnabled(keyId));
        }
    }

    @CommandHandler
    public void handle(DisableKmsKeyCommand command) {
        checkAccount(command.accountId());
        checkNotPendingDeletion();
        if (state != KeyState.DISABLED) {
            apply(new KmsKeyDisabled(keyId));
        }
    }

    /** Answers the deletion date, which ScheduleKeyDeletion returns as DeletionDate. */
    @CommandHandler
    public Instant handle(ScheduleKmsKeyDeletionCommand command, DeadlineManager deadlines) {
        checkAccount(command.accountId());
        checkNotPendingDeletion();
        Instant deletion = now().plus(Duration.ofDays(command.pendingWindowInDays()));
        deadlines.schedule(deletion, DELETION_DEADLINE, new KmsKeyDeletionDue(deletion));
        apply(new KmsKeyDeletionScheduled(keyId, command.pendingWindowInDays(), deletion));
        return deletion;
    }

    @CommandHandler
    public void handle(CancelKmsKeyDeletionCommand command, DeadlineManager deadlines) {
        checkAccount(command.accountId());
        if (state != KeyState.PENDING_DELETION) {
            throw new KMSInvalidStateException(keyArn + " is not pending deletion.");
        }
        deadlines.cancelAllWithinScope(DELETION_DEADLINE);
        apply(new KmsKeyDeletionCancelled(keyId));
    }

    /** A deadline left over from a cancelled schedule names another date and changes nothing. */
    @DeadlineHandler(deadlineName = DELETION_DEADLINE)
    void on(KmsKeyDeletionDue due) {
        if (state == KeyState.PENDING_DELETION && due.deletionDate().equals(deletionDate)) {
            apply(new KmsKeyDeleted(keyId, keyArn, accountId, customKeyStoreId, origin, materialRef));
        }
    }

    private static KeyOrigin originOf(CustomKeyStoreType storeType) {
        return storeType == CustomKeyStoreType.EXTERNAL_KEY_STORE ? KeyOrigin.EXTERNAL_KEY_STORE : KeyOrigin.AWS_CLOUDHSM;
    }

    /** Microseconds, the precision the views keep, so DeletionDate reads the same everywhere. */
    private static Instant now() {
        return GenericEventMessage.clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** None of these operations works across accounts: another account's key is not found. */
    private void checkAccount(String callerAccountId) {
        if (!accountId.equals(callerAccountId)) {
            throw new NotFoundException("Key '" + keyArn + "' does not exist");
        }
    }

    private void checkNotPendingDeletion() {
        if (state == KeyState.PENDING_DELETION) {
            throw new KMSInvalidStateException(keyArn + " is pending deletion.");
        }
    }

    @EventSourcingHandler
    void on(KmsKeyCreated event) {
        keyId = event.keyId();
        keyArn = event.keyArn();
        accountId = event.accountId();
        customKeyStoreId = event.customKeyStoreId();
        origin = event.origin();
        materialRef = event.materialRef();
        state = KeyState.ENABLED;
    }

    @EventSourcingHandler
    void on(KmsKeyEnabled event) {
        state = KeyState.ENABLED;
    }

    @EventSourcingHandler
    void on(KmsKeyDisabled event) {
        state = KeyState.DISABLED;
    }

    @EventSourcingHandler
    void on(KmsKeyDeletionScheduled event) {
        state = KeyState.PENDING_DELETION;
        deletionDate = event.deletionDate();
    }

    @EventSourcingHandler
    void on(KmsKeyDeletionCancelled event) {
        state = KeyState.DISABLED;
        deletionDate = null;
    }

    @EventSourcingHandler
    void on(KmsKeyDeleted event) {
        markDeleted();
    }
}
