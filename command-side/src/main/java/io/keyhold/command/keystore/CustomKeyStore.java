package io.keyhold.command.keystore;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import io.keyhold.api.error.CloudHsmClusterNotActiveException;
import io.keyhold.api.error.CustomKeyStoreHasCMKsException;
import io.keyhold.api.error.CustomKeyStoreInvalidStateException;
import io.keyhold.api.keystore.CloudHsmClusterChanged;
import io.keyhold.api.keystore.CompleteKeyStoreConnectionCommand;
import io.keyhold.api.keystore.ConnectCustomKeyStoreCommand;
import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CreateCustomKeyStoreCommand;
import io.keyhold.api.keystore.CustomKeyStoreCreated;
import io.keyhold.api.keystore.CustomKeyStoreDeleted;
import io.keyhold.api.keystore.CustomKeyStoreRenamed;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.DeleteCustomKeyStoreCommand;
import io.keyhold.api.keystore.DisconnectCustomKeyStoreCommand;
import io.keyhold.api.keystore.FailKeyStoreConnectionCommand;
import io.keyhold.api.keystore.KeyStoreConnected;
import io.keyhold.api.keystore.KeyStoreConnecting;
import io.keyhold.api.keystore.KeyStoreConnectionFailed;
import io.keyhold.api.keystore.KeyStoreCredentialUpdated;
import io.keyhold.api.keystore.KeyStoreDisconnected;
import io.keyhold.api.keystore.KeyStoreHealthChanged;
import io.keyhold.api.keystore.RecordKeyStoreHealthCommand;
import io.keyhold.api.keystore.KmsUserCredentialRotated;
import io.keyhold.api.keystore.UpdateCustomKeyStoreCommand;
import io.keyhold.api.keystore.XksProxyConfigurationChanged;
import io.keyhold.api.keystore.XksProxySettings;
import io.keyhold.command.key.KmsKeyLookup;
import io.keyhold.command.secret.SecretStore;
import io.keyhold.connector.HealthReport;
import io.keyhold.connector.hsm.HsmCluster;
import io.keyhold.connector.hsm.HsmClusterInfo;
import io.keyhold.connector.hsm.HsmClusters;
import io.keyhold.connector.xks.XksProxyProbe;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A custom key store: its connection state machine (kms-api.md 4.2) and the update rules of 3.5.
 * Rules that span stores (names, clusters, endpoints, quota) are asked of {@link KeyStoreLookup}.
 */
@Aggregate
public class CustomKeyStore {

    /** The metadata key under which the front end records the KMS request id. */
    private static final String REQUEST_ID = "requestId";
    private static final Set<ConnectionState> UPDATABLE = EnumSet.of(ConnectionState.CONNECTED, ConnectionState.DISCONNECTED);

    @AggregateIdentifier
    private String customKeyStoreId;
    private String accountId;
    private String name;
    private CustomKeyStoreType type;
    private ConnectionState state;
    private String cloudHsmClusterId;
    private String clusterCertificateFingerprint;
    private XksProxySettings xksProxy;
    private String credentialRef;
    private String attemptId;
    private HealthReport health;

    protected CustomKeyStore() {
        // for Axon's event sourcing
    }

    @CommandHandler
    public CustomKeyStore(CreateCustomKeyStoreCommand command, KeyStoreLookup lookup, HsmClusters clusters,
                          XksProxyProbe xksProxies, SecretStore secrets, @MetaDataValue(REQUEST_ID) String requestId) {
        KeyStoreRules rules = new KeyStoreRules(lookup, clusters);
        CustomKeyStoreType storeType = command.customKeyStoreType() == null
                ? CustomKeyStoreType.AWS_CLOUDHSM : command.customKeyStoreType();
        rules.checkCreateParameters(storeType, command);
        rules.checkNameFree(command.accountId(), command.customKeyStoreName(), null);
        rules.checkQuota(command.accountId());
        HsmClusterInfo cluster = null;
        XksProxySettings xks = null;
        String secret;
        if (storeType == CustomKeyStoreType.AWS_CLOUDHSM) {
            cluster = rules.checkClusterForCreate(command.accountId(), command.cloudHsmClusterId(),
                    command.trustAnchorCertificate());
            secret = command.keyStorePassword().value();
        } else {
            xks = new XksProxySettings(command.xksProxyUriEndpoint(), command.xksProxyUriPath(),
                    command.xksProxyConnectivity(), command.xksProxyVpcEndpointServiceName(),
                    KeyStoreRules.vpcOwner(command.xksProxyConnectivity(), command.xksProxyVpcEndpointServiceOwner(),
                            command.accountId()),
                    command.xksProxyCredential().accessKeyId());
            rules.checkXksProxyFree(command.accountId(), xks, null);
            secret = command.xksProxyCredential().secretAccessKey().value();
            xksProxies.check(xks, secret, requestId, "CreateCustomKeyStore");
        }
        apply(new CustomKeyStoreCreated(command.customKeyStoreId(), command.accountId(), command.customKeyStoreName(),
                storeType, GenericEventMessage.clock.instant(),
                cluster == null ? null : cluster.clusterId(),
                cluster == null ? null : command.trustAnchorCertificate(),
                cluster == null ? null : cluster.clusterCertificateFingerprint(),
                xks, secrets.put(command.customKeyStoreId(), secret)));
    }

    @CommandHandler
    public void handle(ConnectCustomKeyStoreCommand command, HsmClusters clusters) {
        checkAccount(command.accountId());
        switch (state) {
            case CONNECTED, CONNECTING -> {
                // KMS accepts the call and changes nothing
            }
            case FAILED, DISCONNECTING -> throw invalidState("ConnectCustomKeyStore",
                    "Disconnect the custom key store before connecting it again.");
            case DISCONNECTED -> {
                if (type == CustomKeyStoreType.AWS_CLOUDHSM) {
                    clusters.find(cloudHsmClusterId).map(HsmCluster::describe).filter(info -> !info.active())
                            .ifPresent(info -> {
                                throw new CloudHsmClusterNotActiveException("The AWS CloudHSM cluster "
                                        + cloudHsmClusterId + " is not active.");
                            });
                }
                apply(new KeyStoreConnecting(customKeyStoreId, accountId, UUID.randomUUID().toString(),
                        new ConnectionTarget(type, cloudHsmClusterId, xksProxy, credentialRef)));
            }
        }
    }

    @CommandHandler
    public void handle(DisconnectCustomKeyStoreCommand command) {
        checkAccount(command.accountId());
        if (state == ConnectionState.DISCONNECTED || state == ConnectionState.DISCONNECTING) {
            throw invalidState("DisconnectCustomKeyStore", "The custom key store is not connected.");
        }
        apply(new KeyStoreDisconnected(customKeyStoreId, accountId, attemptId));
    }

    @CommandHandler
    public void handle(CompleteKeyStoreConnectionCommand command, SecretStore secrets) {
        if (command.rotatedKeyStorePassword() != null) {
            // the cluster already has the new password, so keep it even if this attempt is stale
            apply(new KmsUserCredentialRotated(customKeyStoreId, accountId,
                    secrets.put(customKeyStoreId, command.rotatedKeyStorePassword().value())));
        }
        if (isCurrentAttempt(command.attemptId())) {
            apply(new KeyStoreConnected(customKeyStoreId, accountId, command.attemptId()));
        }
    }

    /** Recorded only when it differs from the last check of the same connection. */
    @CommandHandler
    public void handle(RecordKeyStoreHealthCommand command) {
        HealthReport report = new HealthReport(command.health(), command.problem());
        if (state == ConnectionState.CONNECTED && command.attemptId().equals(attemptId) && !report.equals(health)) {
            apply(new KeyStoreHealthChanged(customKeyStoreId, accountId, attemptId, command.health(), command.problem()));
        }
    }

    @CommandHandler
    public void handle(FailKeyStoreConnectionCommand command) {
        if (isCurrentAttempt(command.attemptId())) {
            apply(new KeyStoreConnectionFailed(customKeyStoreId, accountId, command.attemptId(),
                    command.connectionErrorCode()));
        }
    }

    @CommandHandler
    public void handle(UpdateCustomKeyStoreCommand command, KeyStoreLookup lookup, HsmClusters clusters,
                       XksProxyProbe xksProxies, SecretStore secrets, @MetaDataValue(REQUEST_ID) String requestId) {
        checkAccount(command.accountId());
        KeyStoreRules rules = new KeyStoreRules(lookup, clusters);
        KeyStoreUpdate update = KeyStoreUpdate.of(type, command);
        if (update.isEmpty()) {
            return;
        }
        if (!UPDATABLE.contains(state) || (update.needsDisconnected() && state != ConnectionState.DISCONNECTED)) {
            throw invalidState("UpdateCustomKeyStore", update.needsDisconnected()
                    ? "Disconnect the custom key store before changing " + update.disconnectedOnlyMembers() + "."
                    : "Only the DISCONNECTED and CONNECTED states allow updates.");
        }
        String newName = command.newCustomKeyStoreName();
        if (newName != null && !newName.equals(name)) {
            rules.checkNameFree(accountId, newName, customKeyStoreId);
        }
        HsmClusterInfo newCluster = command.cloudHsmClusterId() == null ? null
                : rules.checkClusterForUpdate(accountId, command.cloudHsmClusterId(), clusterCertificateFingerprint);
        XksProxySettings newXks = type == CustomKeyStoreType.EXTERNAL_KEY_STORE ? update.applyTo(xksProxy, accountId) : null;
        if (newXks != null && !newXks.equals(xksProxy)) {
            rules.checkXksProxyFree(accountId, newXks, customKeyStoreId);
        }
        if (newXks != null && (!newXks.equals(xksProxy) || update.newSecret().isPresent())) {
            // KMS sends GetHealthStatus with the new values before it applies them
            xksProxies.check(newXks, update.newSecret().orElseGet(() -> secrets.reveal(credentialRef)), requestId,
                    "UpdateCustomKeyStore");
        }

        if (newName != null && !newName.equals(name)) {
            apply(new CustomKeyStoreRenamed(customKeyStoreId, accountId, newName));
        }
        if (newCluster != null && !newCluster.clusterId().equals(cloudHsmClusterId)) {
            apply(new CloudHsmClusterChanged(customKeyStoreId, accountId, newCluster.clusterId(),
                    newCluster.clusterCertificateFingerprint()));
        }
        if (newXks != null && !newXks.equals(xksProxy)) {
            apply(new XksProxyConfigurationChanged(customKeyStoreId, accountId, newXks));
        }
        update.newSecret().ifPresent(secret -> apply(new KeyStoreCredentialUpdated(customKeyStoreId, accountId,
                secrets.put(customKeyStoreId, secret))));
    }

    /** The state first, then the keys (kms-api.md 3.6); keys pending deletion count until they are gone. */
    @CommandHandler
    public void handle(DeleteCustomKeyStoreCommand command, KmsKeyLookup keys) {
        checkAccount(command.accountId());
        if (state != ConnectionState.DISCONNECTED) {
            throw invalidState("DeleteCustomKeyStore", "Disconnect the custom key store before deleting it.");
        }
        if (keys.countKeys(customKeyStoreId) > 0) {
            throw new CustomKeyStoreHasCMKsException("Cannot delete custom key store " + customKeyStoreId
                    + " because it contains KMS keys.");
        }
        apply(new CustomKeyStoreDeleted(customKeyStoreId, accountId));
    }

    private boolean isCurrentAttempt(String candidate) {
        return state == ConnectionState.CONNECTING && candidate.equals(attemptId);
    }

    /** Another account's store is indistinguishable from a missing one. */
    private void checkAccount(String callerAccountId) {
        if (!accountId.equals(callerAccountId)) {
            throw KeyStoreRules.notFound(customKeyStoreId);
        }
    }

    private CustomKeyStoreInvalidStateException invalidState(String operation, String advice) {
        return new CustomKeyStoreInvalidStateException(operation + " cannot be performed on custom key store "
                + customKeyStoreId + " while its ConnectionState is " + state + ". " + advice);
    }

    @EventSourcingHandler
    void on(CustomKeyStoreCreated event) {
        customKeyStoreId = event.customKeyStoreId();
        accountId = event.accountId();
        name = event.customKeyStoreName();
        type = event.customKeyStoreType();
        state = ConnectionState.DISCONNECTED;
        cloudHsmClusterId = event.cloudHsmClusterId();
        clusterCertificateFingerprint = event.clusterCertificateFingerprint();
        xksProxy = event.xksProxy();
        credentialRef = event.credentialRef();
    }

    @EventSourcingHandler
    void on(KeyStoreConnecting event) {
        state = ConnectionState.CONNECTING;
        attemptId = event.attemptId();
    }

    @EventSourcingHandler
    void on(KeyStoreConnected event) {
        state = ConnectionState.CONNECTED;
        health = HealthReport.HEALTHY;
    }

    @EventSourcingHandler
    void on(KeyStoreHealthChanged event) {
        health = new HealthReport(event.health(), event.problem());
    }

    @EventSourcingHandler
    void on(KeyStoreConnectionFailed event) {
        state = ConnectionState.FAILED;
    }

    @EventSourcingHandler
    void on(KeyStoreDisconnected event) {
        state = ConnectionState.DISCONNECTED;
        attemptId = null;
    }

    @EventSourcingHandler
    void on(KmsUserCredentialRotated event) {
        credentialRef = event.credentialRef();
    }

    @EventSourcingHandler
    void on(KeyStoreCredentialUpdated event) {
        credentialRef = event.credentialRef();
    }

    @EventSourcingHandler
    void on(CustomKeyStoreRenamed event) {
        name = event.customKeyStoreName();
    }

    @EventSourcingHandler
    void on(CloudHsmClusterChanged event) {
        cloudHsmClusterId = event.cloudHsmClusterId();
        clusterCertificateFingerprint = event.clusterCertificateFingerprint();
    }

    @EventSourcingHandler
    void on(XksProxyConfigurationChanged event) {
        xksProxy = event.xksProxy();
    }

    @EventSourcingHandler
    void on(CustomKeyStoreDeleted event) {
        markDeleted();
    }
}
