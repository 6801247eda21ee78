package io.keyhold.connector.hsm;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * A cluster as the operator's {@link ClusterSimulation} currently describes it, with kmsuser's
 * {@link KmsUserLockout} kept for it as CloudHSM keeps it (not every token locks a PIN itself).
 */
public class SimulatedHsmCluster implements HsmCluster {

    private static final Logger log = LoggerFactory.getLogger(SimulatedHsmCluster.class);

    private final HsmCluster cluster;
    private final ClusterSimulation simulation;
    private final KmsUserLockout lockout;

    public SimulatedHsmCluster(HsmCluster cluster, ClusterSimulation simulation, KmsUserLockout lockout) {
        this.cluster = cluster;
        this.simulation = simulation;
        this.lockout = lockout;
    }

    /** The cluster as configuration declares it, without the simulation. */
    public HsmCluster declared() {
        return cluster;
    }

    @Override
    public String clusterId() {
        return cluster.clusterId();
    }

    @Override
    public HsmClusterInfo describe() {
        return simulation.apply(cluster.describe());
    }

    /**
     * An injected failure or a lockout stops the connect before it logs in, so kmsuser's password
     * is unchanged. The fifth wrong password in a row locks kmsuser out until an operator unlocks it.
     */
    @Override
    public ConnectorSession loginAndRotate(String password) throws ConnectionFailedException {
        Optional<ConnectionErrorCode> failure = simulation.connectFailure(clusterId());
        if (failure.isPresent()) {
            throw new ConnectionFailedException(failure.get(), "simulated failure of cluster " + clusterId());
        }
        if (lockout.isLocked(clusterId())) {
            throw lockedOut();
        }
        ConnectorSession session;
        try {
            session = cluster.loginAndRotate(password);
        } catch (ConnectionFailedException e) {
            if (e.errorCode() == ConnectionErrorCode.INVALID_CREDENTIALS && lockout.recordFailedLogin(clusterId())) {
                log.warn("kmsuser is locked out of cluster {} after {} failed logins in a row", clusterId(),
                        KmsUserLockout.FAILED_LOGINS_BEFORE_LOCKOUT);
                throw lockedOut();
            }
            throw e;
        }
        try {
            lockout.recordSuccessfulLogin(clusterId());
        } catch (DataAccessException | TransactionException e) {
            // the PIN is rotated already: losing the session would lose the only copy of the new one
            log.warn("Cannot reset the failed logins of kmsuser on cluster {}: {}", clusterId(), e.getMessage());
        }
        return session;
    }

    private ConnectionFailedException lockedOut() {
        return new ConnectionFailedException(ConnectionErrorCode.USER_LOCKED_OUT,
                "kmsuser is locked out of cluster " + clusterId());
    }

    /** Injected failures stop connects only; crypto on a connected store reaches the cluster. */
    @Override
    public ConnectorSession attach(String password) throws ConnectionFailedException {
        return cluster.attach(password);
    }
}
