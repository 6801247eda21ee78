package io.keyhold.connector.hsm;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;

import java.util.Optional;

/** A cluster as the operator's {@link ClusterSimulation} currently describes it. */
public class SimulatedHsmCluster implements HsmCluster {

    private final HsmCluster cluster;
    private final ClusterSimulation simulation;

    public SimulatedHsmCluster(HsmCluster cluster, ClusterSimulation simulation) {
        this.cluster = cluster;
        this.simulation = simulation;
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

    /** An injected failure stops the connect before it logs in, so kmsuser's password is unchanged. */
    @Override
    public ConnectorSession loginAndRotate(String password) throws ConnectionFailedException {
        Optional<ConnectionErrorCode> failure = simulation.connectFailure(clusterId());
        if (failure.isPresent()) {
            throw new ConnectionFailedException(failure.get(), "simulated failure of cluster " + clusterId());
        }
        return cluster.loginAndRotate(password);
    }

    /** Injected failures stop connects only; crypto on a connected store reaches the cluster. */
    @Override
    public ConnectorSession attach(String password) throws ConnectionFailedException {
        return cluster.attach(password);
    }
}
