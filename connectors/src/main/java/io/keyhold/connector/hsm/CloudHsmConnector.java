package io.keyhold.connector.hsm;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.KeyStoreHealth;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.HealthReport;
import io.keyhold.connector.KeyStoreConnector;

/** Connects CloudHSM-type key stores to the cluster they name, in the order KMS checks (connectors.md B.3). */
public class CloudHsmConnector implements KeyStoreConnector {

    private final HsmClusters clusters;

    public CloudHsmConnector(HsmClusters clusters) {
        this.clusters = clusters;
    }

    @Override
    public CustomKeyStoreType type() {
        return CustomKeyStoreType.AWS_CLOUDHSM;
    }

    @Override
    public ConnectorSession open(ConnectionTarget target, String credential, String requestId) throws ConnectionFailedException {
        HsmCluster cluster = usableCluster(target);
        return new CloudHsmSession(cluster, cluster.loginAndRotate(credential));
    }

    @Override
    public ConnectorSession attach(ConnectionTarget target, String credential) throws ConnectionFailedException {
        HsmCluster cluster = usableCluster(target);
        return new CloudHsmSession(cluster, cluster.attach(credential));
    }

    private HsmCluster usableCluster(ConnectionTarget target) throws ConnectionFailedException {
        HsmCluster cluster = clusters.find(target.cloudHsmClusterId())
                .orElseThrow(() -> new ConnectionFailedException(ConnectionErrorCode.CLUSTER_NOT_FOUND,
                        "cluster " + target.cloudHsmClusterId() + " not found"));
        if (cluster.describe().activeHsms() < 1) {
            throw new ConnectionFailedException(ConnectionErrorCode.INSUFFICIENT_CLOUDHSM_HSMS,
                    "cluster " + cluster.clusterId() + " has no active HSM");
        }
        return cluster;
    }

    /** KMS keeps using a cluster while at least one HSM is active; it does not log in again to check. */
    @Override
    public HealthReport checkHealth(ConnectionTarget target, String credential, String requestId) {
        return clusters.find(target.cloudHsmClusterId())
                .map(cluster -> {
                    HsmClusterInfo info = cluster.describe();
                    if (!info.active() || info.activeHsms() == 0) {
                        return new HealthReport(KeyStoreHealth.UNAVAILABLE, ConnectionErrorCode.INSUFFICIENT_CLOUDHSM_HSMS);
                    }
                    return info.activeHsms() < 2 ? new HealthReport(KeyStoreHealth.DEGRADED, null) : HealthReport.HEALTHY;
                })
                .orElse(HealthReport.unreachable(ConnectionErrorCode.CLUSTER_NOT_FOUND));
    }
}
