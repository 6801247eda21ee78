package io.keyhold.server.admin;

import io.keyhold.api.error.CloudHsmClusterNotFoundException;
import io.keyhold.connector.hsm.HsmClusterInfo;
import io.keyhold.connector.hsm.HsmClusters;
import io.keyhold.server.identity.Caller;
import io.keyhold.server.identity.CallerResolver;

import org.springframework.stereotype.Component;

/**
 * Which cluster an admin request may touch: callers sign as for KMS calls, and a cluster their
 * account cannot use does not exist for them, as in CloudHSM.
 */
@Component
class ClusterAccess {

    private final CallerResolver callers;
    private final HsmClusters clusters;

    ClusterAccess(CallerResolver callers, HsmClusters clusters) {
        this.callers = callers;
        this.clusters = clusters;
    }

    /** The cluster as KMS sees it now, if the caller's account may use it. */
    HsmClusterInfo visibleCluster(String clusterId, String authorization) {
        Caller caller = callers.resolve(authorization);
        return clusters.describeFor(caller.accountId(), clusterId)
                .orElseThrow(() -> new CloudHsmClusterNotFoundException("AWS CloudHSM cannot find the specified cluster "
                        + clusterId + "."));
    }
}
