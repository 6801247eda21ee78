package io.keyhold.command.key;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import io.keyhold.api.error.AlreadyExistsException;
import io.keyhold.api.error.InvalidAliasNameException;
import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.error.ValidationException;
import io.keyhold.api.key.AliasCreated;
import io.keyhold.api.key.AliasDeleted;
import io.keyhold.api.key.AliasIds;
import io.keyhold.api.key.CreateAliasCommand;
import io.keyhold.api.key.DeleteAliasCommand;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An alias name in one account, so a name is taken at most once per account. A deleted alias is
 * not marked deleted: the same name can be created again, on the same aggregate.
 */
@Aggregate
public class Alias {

    private static final String PREFIX = "alias/";
    private static final String RESERVED_PREFIX = "alias/aws/";

    @AggregateIdentifier
    private String aliasId;
    private String accountId;
    private String aliasName;
    private String targetKeyId;
    private boolean live;

    protected Alias() {
        // for Axon's event sourcing, and for the first command on a name never used
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(CreateAliasCommand command, KmsKeyLookup lookup) {
        if (!command.aliasId().equals(AliasIds.of(command.accountId(), command.aliasName()))) {
            throw new IllegalArgumentException("alias id " + command.aliasId() + " is not the id of "
                    + command.aliasName() + " in account " + command.accountId());
        }
        checkName(command.aliasName());
        if (live) {
            throw new AlreadyExistsException("An alias with the name " + command.aliasName() + " already exists");
        }
        if (!lookup.isKeyOf(command.accountId(), command.targetKeyId())) {
            throw new NotFoundException("Key '" + command.targetKeyId() + "' does not exist");
        }
        apply(new AliasCreated(command.aliasId(), command.accountId(), command.aliasName(), command.targetKeyId(),
                GenericEventMessage.clock.instant()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(DeleteAliasCommand command) {
        if (!live) {
            throw new NotFoundException("Alias " + command.aliasName() + " is not found.");
        }
        apply(new AliasDeleted(aliasId, accountId, aliasName, targetKeyId));
    }

    /** The rules KMS applies beyond the model's pattern {@code ^[a-zA-Z0-9:/_-]+$}. */
    private static void checkName(String name) {
        if (!name.startsWith(PREFIX) || name.length() == PREFIX.length()) {
            throw new ValidationException("Invalid identifier");
        }
        if (name.startsWith(RESERVED_PREFIX)) {
            throw new InvalidAliasNameException("Alias names that begin with alias/aws/ are reserved for AWS managed keys.");
        }
        if (name.indexOf(':') >= 0) {
            throw new ValidationException(name + " contains invalid characters for an alias");
        }
    }

    @EventSourcingHandler
    void on(AliasCreated event) {
        aliasId = event.aliasId();
        accountId = event.accountId();
        aliasName = event.aliasName();
        targetKeyId = event.targetKeyId();
        live = true;
    }

    @EventSourcingHandler
    void on(AliasDeleted event) {
        live = false;
    }
}
