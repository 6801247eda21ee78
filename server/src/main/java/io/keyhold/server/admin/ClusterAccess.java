package io.keyhold.server.admin;

import io.keyhold.api.error.CloudHsmClusterNotFoundException;
import io.keyhold.connector.hsm.HsmClusterInfo;
import io.keyhold.connector.hsm.HsmClusters;
import io.keyhold.server.identity.Caller;
import io.keyhold.server.identity.CallerResolver;
import io.keyhold.server.wire.RequestIdFilter;

import jakarta.servlet.http.HttpServletRequest;

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

    /** The cluster as KMS sees it now, if the caller who signed {@code request} may use it. */
    HsmClusterInfo visibleCluster(String clusterId, HttpServletRequest request, byte[] body) {
        Caller caller = callers.resolve(request, body, (String) request.getAttribute(RequestIdFilter.ATTRIBUTE));
        return clusters.describeFor(caller.accountId(), clusterId)
                .orElseThrow(() -> new CloudHsmClusterNotFoundException("AWS CloudHSM cannot find the specified cluster "
                        + clusterId + "."));
    }
}
