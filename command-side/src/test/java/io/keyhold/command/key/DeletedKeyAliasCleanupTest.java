package io.keyhold.command.key;

import static io.keyhold.command.testsupport.KeyStoreTestData.ACCOUNT;
import static io.keyhold.command.testsupport.KmsKeyTestData.KEY_ID;
import static io.keyhold.command.testsupport.KmsKeyTestData.OTHER_KEY_ID;
import static io.keyhold.command.testsupport.KmsKeyTestData.cloudHsmKeyCreated;
import static io.keyhold.command.testsupport.KmsKeyTestData.deleted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyhold.api.error.KMSInternalException;
import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.key.AliasIds;
import io.keyhold.api.key.DeleteAliasCommand;
import io.keyhold.command.testsupport.InMemoryKmsKeyLookup;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.test.utils.RecordingCommandBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The aliases of a key go when its deletion completes; a redelivered event changes nothing more. */
class DeletedKeyAliasCleanupTest {

    private RecordingCommandBus commandBus;
    private DeletedKeyAliasCleanup cleanup;

    @BeforeEach
    void setUp() {
        commandBus = new RecordingCommandBus();
        InMemoryKmsKeyLookup lookup = new InMemoryKmsKeyLookup()
                .alias("alias/first", KEY_ID)
                .alias("alias/second", KEY_ID)
                .alias("alias/other", OTHER_KEY_ID);
        cleanup = new DeletedKeyAliasCleanup(lookup, DefaultCommandGateway.builder().commandBus(commandBus).build());
    }

    private Object[] dispatched() {
        return commandBus.getDispatchedCommands().stream().map(CommandMessage::getPayload).toArray();
    }

    @Test
    void everyAliasOfTheDeletedKeyIsDeleted() {
        cleanup.on(deleted(cloudHsmKeyCreated()));

        assertThat(dispatched()).containsExactly(
                new DeleteAliasCommand(AliasIds.of(ACCOUNT, "alias/first"), ACCOUNT, "alias/first"),
                new DeleteAliasCommand(AliasIds.of(ACCOUNT, "alias/second"), ACCOUNT, "alias/second"));
    }

    @Test
    void anAliasAlreadyDeletedIsSkipped() {
        commandBus.setCallbackBehavior((payload, metaData) -> {
            if (((DeleteAliasCommand) payload).aliasName().equals("alias/first")) {
                throw new NotFoundException("Alias alias/first is not found.");
            }
            return null;
        });

        cleanup.on(deleted(cloudHsmKeyCreated()));

        assertThat(dispatched()).hasSize(2);
    }

    @Test
    void anyOtherFailureFailsTheEventSoThatItIsRetried() {
        commandBus.setCallbackBehavior((payload, metaData) -> {
            throw new KMSInternalException("the database is away");
        });

        assertThatThrownBy(() -> cleanup.on(deleted(cloudHsmKeyCreated()))).isInstanceOf(KMSInternalException.class);
    }
}
