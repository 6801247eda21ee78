package io.keyhold.command.connection;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.FailKeyStoreConnectionCommand;
import io.keyhold.api.keystore.KeyStoreConnected;
import io.keyhold.api.keystore.KeyStoreConnecting;
import io.keyhold.api.keystore.KeyStoreConnectionFailed;
import io.keyhold.api.keystore.KeyStoreCredentialUpdated;
import io.keyhold.api.keystore.KeyStoreDisconnected;
import io.keyhold.api.keystore.KmsUserCredentialRotated;
import io.keyhold.api.keystore.XksProxyConfigurationChanged;

import java.util.HashMap;
import java.util.Map;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

/**
 * One connection of a custom key store, from KeyStoreConnecting to KeyStoreDisconnected: opens the
 * connector session, fails the attempt when the persistent deadline passes first, checks the
 * backing key store's health periodically while connected, and closes the session when the store
 * is disconnected.
 */
@Saga
@ProcessingGroup(KeyStoreConnectionSaga.PROCESSING_GROUP)
public class KeyStoreConnectionSaga {

    public static final String PROCESSING_GROUP = "keystore-connection";
    public static final String CONNECT_DEADLINE = "keystore-connect-timeout";
    public static final String HEALTH_CHECK_DEADLINE = "keystore-health-check";
    private static final String ATTEMPT = "attemptId";
    private static final String STORE = "customKeyStoreId";

    private String customKeyStoreId;
    private String attemptId;
    private CustomKeyStoreType type;
    private ConnectionTarget target;
    private String deadlineId;
    private String healthCheckId;
    private Map<String, Object> requestMetadata;

    @StartSaga
    @SagaEventHandler(associationProperty = ATTEMPT)
    public void on(KeyStoreConnecting event, MetaData metadata, ConnectionAttempts attempts, DeadlineManager deadlines) {
        customKeyStoreId = event.customKeyStoreId();
        requestMetadata = new HashMap<>(metadata);
        SagaLifecycle.associateWith(STORE, customKeyStoreId);
        attemptId = event.attemptId();
        type = event.target().type();
        target = event.target();
        deadlineId = deadlines.schedule(attempts.timeout(), CONNECT_DEADLINE);
        attempts.start(customKeyStoreId, attemptId, event.target());
    }

    @SagaEventHandler(associationProperty = ATTEMPT)
    public void on(KeyStoreConnected event, ConnectionAttempts attempts, DeadlineManager deadlines) {
        cancelDeadline(deadlines);
        healthCheckId = deadlines.schedule(attempts.healthCheckInterval(), HEALTH_CHECK_DEADLINE);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = ATTEMPT)
    public void on(KeyStoreConnectionFailed event, DeadlineManager deadlines) {
        cancelDeadline(deadlines);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = ATTEMPT)
    public void on(KeyStoreDisconnected event, ConnectionAttempts attempts, DeadlineManager deadlines) {
        cancelDeadline(deadlines);
        if (healthCheckId != null) {
            deadlines.cancelSchedule(HEALTH_CHECK_DEADLINE, healthCheckId);
        }
        attempts.close(customKeyStoreId, attemptId);
    }

    /**
     * A connect that hangs (or whose node died) fails like KMS's own timeouts for the store type.
     * The deadline message comes first: Axon takes a handler's first parameter as the payload, and
     * with the gateway first the payload-less deadline would match no handler and be dropped.
     */
    @DeadlineHandler(deadlineName = CONNECT_DEADLINE)
    public void onConnectTimeout(DeadlineMessage<?> deadline, CommandGateway commandGateway) {
        deadlineId = null;
        ConnectionErrorCode code = type == CustomKeyStoreType.EXTERNAL_KEY_STORE
                ? ConnectionErrorCode.XKS_PROXY_TIMED_OUT : ConnectionErrorCode.NETWORK_ERRORS;
        // a timeout is an outcome of the Connect request: it keeps that request's audit metadata
        commandGateway.send(GenericCommandMessage.asCommandMessage(
                new FailKeyStoreConnectionCommand(customKeyStoreId, attemptId, code)).andMetaData(requestMetadata));
    }

    /** An XKS credential may change while connected: later health checks use the new one. */
    @SagaEventHandler(associationProperty = STORE)
    public void on(KeyStoreCredentialUpdated event) {
        target = target.withCredentialRef(event.credentialRef());
    }

    /** Connecting a CloudHSM store rotates kmsuser's password; later checks use the new one. */
    @SagaEventHandler(associationProperty = STORE)
    public void on(KmsUserCredentialRotated event) {
        target = target.withCredentialRef(event.credentialRef());
    }

    /** So may the XKS proxy's path. */
    @SagaEventHandler(associationProperty = STORE)
    public void on(XksProxyConfigurationChanged event) {
        target = target.withXksProxy(event.xksProxy());
    }

    /** KMS checks a connected store every few minutes, whatever the traffic; the result never disconnects it. */
    @DeadlineHandler(deadlineName = HEALTH_CHECK_DEADLINE)
    public void onHealthCheck(DeadlineMessage<?> deadline, ConnectionAttempts attempts, DeadlineManager deadlines) {
        attempts.checkHealth(customKeyStoreId, attemptId, target, requestMetadata);
        healthCheckId = deadlines.schedule(attempts.healthCheckInterval(), HEALTH_CHECK_DEADLINE);
    }

    private void cancelDeadline(DeadlineManager deadlines) {
        if (deadlineId != null) {
            deadlines.cancelSchedule(CONNECT_DEADLINE, deadlineId);
            deadlineId = null;
        }
    }

    // accessors for the Jackson saga serializer
    public String getCustomKeyStoreId() {
        return customKeyStoreId;
    }

    public void setCustomKeyStoreId(String customKeyStoreId) {
        this.customKeyStoreId = customKeyStoreId;
    }

    public String getAttemptId() {
        return attemptId;
    }

    public void setAttemptId(String attemptId) {
        this.attemptId = attemptId;
    }

    public CustomKeyStoreType getType() {
        return type;
    }

    public void setType(CustomKeyStoreType type) {
        this.type = type;
    }

    public ConnectionTarget getTarget() {
        return target;
    }

    public void setTarget(ConnectionTarget target) {
        this.target = target;
    }

    public String getHealthCheckId() {
        return healthCheckId;
    }

    public void setHealthCheckId(String healthCheckId) {
        this.healthCheckId = healthCheckId;
    }

    public Map<String, Object> getRequestMetadata() {
        return requestMetadata;
    }

    public void setRequestMetadata(Map<String, Object> requestMetadata) {
        this.requestMetadata = requestMetadata;
    }

    public String getDeadlineId() {
        return deadlineId;
    }

    public void setDeadlineId(String deadlineId) {
        this.deadlineId = deadlineId;
    }
}
