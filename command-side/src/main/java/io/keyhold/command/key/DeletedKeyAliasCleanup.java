package io.keyhold.command.key;

import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.key.AliasIds;
import io.keyhold.api.key.DeleteAliasCommand;
import io.keyhold.api.key.KmsKeyDeleted;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;

/**
 * When a key's deletion completes, its aliases go with it, as in KMS. A tracking processor: the
 * deletion does not wait for its aliases, and a failed alias deletion is retried. Sends commands,
 * so a replay must not run it again.
 */
@ProcessingGroup(DeletedKeyAliasCleanup.PROCESSING_GROUP)
public class DeletedKeyAliasCleanup {

    public static final String PROCESSING_GROUP = "kms-key-alias-cleanup";

    private final KmsKeyLookup lookup;
    private final CommandGateway commands;

    public DeletedKeyAliasCleanup(KmsKeyLookup lookup, CommandGateway commands) {
        this.lookup = lookup;
        this.commands = commands;
    }

    @EventHandler
    @DisallowReplay
    public void on(KmsKeyDeleted event) {
        for (String aliasName : lookup.aliasNamesOf(event.keyId())) {
            try {
                commands.sendAndWait(new DeleteAliasCommand(AliasIds.of(event.accountId(), aliasName),
                        event.accountId(), aliasName));
            } catch (NotFoundException deletedBefore) {
                // the event was delivered again after this alias was already deleted
            }
        }
    }
}
