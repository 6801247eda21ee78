package io.keyhold.command.key;

import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.key.CancelKmsKeyDeletionCommand;
import io.keyhold.api.key.DisableKmsKeyCommand;
import io.keyhold.api.key.EnableKmsKeyCommand;
import io.keyhold.api.key.KmsKeyCreated;
import io.keyhold.api.key.ScheduleKmsKeyDeletionCommand;

import java.util.Set;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * A command for a key that never existed, or whose deletion completed (the aggregate is marked
 * deleted), is answered with KMS's NotFoundException naming the key's ARN, not with Axon's
 * AggregateNotFoundException.
 */
public class MissingKmsKeyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final Set<Class<?>> KEY_COMMANDS = Set.of(EnableKmsKeyCommand.class, DisableKmsKeyCommand.class,
            ScheduleKmsKeyDeletionCommand.class, CancelKmsKeyDeletionCommand.class);

    private final EventStore events;

    public MissingKmsKeyInterceptor(EventStore events) {
        this.events = events;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        try {
            return interceptorChain.proceed();
        } catch (AggregateNotFoundException missing) {
            if (!KEY_COMMANDS.contains(unitOfWork.getMessage().getPayloadType())) {
                throw missing;
            }
            throw new NotFoundException("Key '" + keyArn(String.valueOf(missing.getAggregateIdentifier()))
                    + "' does not exist");
        }
    }

    /** A deleted key's ARN is in its history; a key that never existed is named by the id given. */
    private String keyArn(String keyId) {
        return events.readEvents(keyId).asStream()
                .map(Message::getPayload)
                .filter(KmsKeyCreated.class::isInstance)
                .map(created -> ((KmsKeyCreated) created).keyArn())
                .findFirst()
                .orElse(keyId);
    }
}
