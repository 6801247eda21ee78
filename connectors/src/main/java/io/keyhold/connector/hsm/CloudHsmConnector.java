package io.keyhold.connector.hsm;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;
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
    public ConnectorSession open(ConnectionTarget target, String credential) throws ConnectionFailedException {
        HsmCluster cluster = clusters.find(target.cloudHsmClusterId())
                .orElseThrow(() -> new ConnectionFailedException(ConnectionErrorCode.CLUSTER_NOT_FOUND,
                        "cluster " + target.cloudHsmClusterId() + " not found"));
        if (cluster.describe().activeHsms() < 1) {
            throw new ConnectionFailedException(ConnectionErrorCode.INSUFFICIENT_CLOUDHSM_HSMS,
                    "cluster " + cluster.clusterId() + " has no active HSM");
        }
        return cluster.loginAndRotate(credential);
    }
}
