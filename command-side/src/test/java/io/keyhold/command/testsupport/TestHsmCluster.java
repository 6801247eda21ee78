package io.keyhold.command.testsupport;

import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.hsm.HsmCluster;
import io.keyhold.connector.hsm.HsmClusterInfo;

/** An HSM cluster whose DescribeClusters answer the test controls; it is never logged in to here. */
public final class TestHsmCluster implements HsmCluster {

    private final String clusterId;
    private volatile HsmClusterInfo info;

    private TestHsmCluster(HsmClusterInfo info) {
        this.clusterId = info.clusterId();
        this.info = info;
    }

    /** An active cluster with two active HSMs in two Availability Zones: good for create and update. */
    public static TestHsmCluster usable(String clusterId, String clusterCertificatePem) {
        return new TestHsmCluster(new HsmClusterInfo(clusterId, true, 2, 2, clusterCertificatePem, null));
    }

    public static TestHsmCluster of(String clusterId, boolean active, int activeHsms, int zones,
                                    String clusterCertificatePem) {
        return new TestHsmCluster(new HsmClusterInfo(clusterId, active, activeHsms, zones, clusterCertificatePem, null));
    }

    public void ownedBy(String accountId) {
        info = new HsmClusterInfo(clusterId, info.active(), info.activeHsms(), info.activeHsmAvailabilityZones(),
                info.clusterCertificatePem(), accountId);
    }

    public void describeAs(boolean active, int activeHsms, int zones) {
        info = new HsmClusterInfo(clusterId, active, activeHsms, zones, info.clusterCertificatePem(), info.ownerAccountId());
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    @Override
    public HsmClusterInfo describe() {
        return info;
    }

    @Override
    public ConnectorSession loginAndRotate(String password) {
        throw new UnsupportedOperationException("the aggregate never logs in to a cluster");
    }

    @Override
    public ConnectorSession attach(String password) {
        throw new UnsupportedOperationException("the aggregate never logs in to a cluster");
    }
}
