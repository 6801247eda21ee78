package io.keyhold.command.connection;

import io.keyhold.api.keystore.CompleteKeyStoreConnectionCommand;
import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.FailKeyStoreConnectionCommand;
import io.keyhold.api.keystore.RecordKeyStoreHealthCommand;
import io.keyhold.api.keystore.Secret;
import io.keyhold.command.secret.SecretStore;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.ConnectorSessions;
import io.keyhold.connector.HealthReport;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs connection attempts off the event-processing thread, so a slow backend never holds a
 * saga's transaction, and reports each outcome back to the aggregate as a command.
 */
public class ConnectionAttempts {

    private static final Logger log = LoggerFactory.getLogger(ConnectionAttempts.class);
    /** The metadata key under which the front end records the KMS request id. */
    private static final String REQUEST_ID = "requestId";

    private final ConnectorSessions sessions;
    private final SecretStore secrets;
    private final CommandGateway commandGateway;
    private final Executor executor;
    private final Duration timeout;
    private final Duration healthCheckInterval;

    public ConnectionAttempts(ConnectorSessions sessions, SecretStore secrets, CommandGateway commandGateway,
                              Executor executor, Duration timeout, Duration healthCheckInterval) {
        this.sessions = sessions;
        this.secrets = secrets;
        this.commandGateway = commandGateway;
        this.executor = executor;
        this.timeout = timeout;
        this.healthCheckInterval = healthCheckInterval;
    }

    /** How often a connected store's backing key store is checked. */
    public Duration healthCheckInterval() {
        return healthCheckInterval;
    }

    /**
     * Checks a connected store's backing key store off the event-processing thread and reports
     * the result to the aggregate, which records it only when the health changed.
     */
    public void checkHealth(String storeId, String attemptId, ConnectionTarget target, Map<String, ?> requestMetadata) {
        MetaData origin = MetaData.from(requestMetadata);
        executor.execute(() -> {
            HealthReport report;
            try {
                report = sessions.checkHealth(target, secrets.reveal(target.credentialRef()), UUID.randomUUID().toString());
            } catch (RuntimeException e) {
                log.error("Health check of custom key store {} failed unexpectedly", storeId, e);
                report = HealthReport.unreachable(ConnectionErrorCode.INTERNAL_ERROR);
            }
            log.debug("Health of custom key store {}: {}", storeId, report);
            report(new RecordKeyStoreHealthCommand(storeId, attemptId, report.health(), report.problem()), origin);
        });
    }

    /** How long an attempt may take before the saga's deadline fails it. */
    public Duration timeout() {
        return timeout;
    }

    /** Starts the attempt once the current unit of work has committed (at once outside of one). */
    public void start(String storeId, String attemptId, ConnectionTarget target) {
        // the outcome is caused by the Connect request: keep its audit metadata
        MetaData origin = CurrentUnitOfWork.map(unitOfWork -> unitOfWork.getMessage().getMetaData())
                .orElse(MetaData.emptyInstance());
        String requestId = (String) origin.get(REQUEST_ID);
        Runnable attempt = () -> report(connect(storeId, attemptId, target, requestId), origin);
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> executor.execute(attempt));
        } else {
            executor.execute(attempt);
        }
    }

    private Object connect(String storeId, String attemptId, ConnectionTarget target, String requestId) {
        try {
            ConnectorSession session = sessions.open(storeId, attemptId, target, secrets.reveal(target.credentialRef()),
                    requestId == null ? attemptId : requestId);
            log.info("Custom key store {} connected (attempt {})", storeId, attemptId);
            return new CompleteKeyStoreConnectionCommand(storeId, attemptId,
                    session.rotatedCredential().map(Secret::new).orElse(null));
        } catch (ConnectionFailedException e) {
            log.info("Custom key store {} failed to connect (attempt {}): {} {}", storeId, attemptId,
                    e.errorCode(), e.getMessage());
            return new FailKeyStoreConnectionCommand(storeId, attemptId, e.errorCode());
        } catch (RuntimeException e) {
            log.error("Connection attempt {} of custom key store {} failed unexpectedly", attemptId, storeId, e);
            return new FailKeyStoreConnectionCommand(storeId, attemptId, ConnectionErrorCode.INTERNAL_ERROR);
        }
    }

    /** Sends an outcome to the aggregate with the audit metadata of the request that caused it. */
    private void report(Object command, MetaData origin) {
        commandGateway.send(GenericCommandMessage.asCommandMessage(command).andMetaData(origin))
                .exceptionally(failure -> {
                    log.warn("{} was not recorded: {}", command, failure.toString());
                    return null;
                });
    }

    /** Closes this node's session of the store if it belongs to the attempt. */
    public void close(String storeId, String attemptId) {
        sessions.close(storeId, attemptId);
    }
}
