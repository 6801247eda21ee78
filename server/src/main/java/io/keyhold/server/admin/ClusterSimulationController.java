package io.keyhold.server.admin;

import io.keyhold.api.error.CloudHsmClusterNotFoundException;
import io.keyhold.connector.hsm.ClusterSimulation;
import io.keyhold.connector.hsm.HsmClusterInfo;
import io.keyhold.connector.hsm.HsmClusters;
import io.keyhold.server.identity.Caller;
import io.keyhold.server.identity.CallerResolver;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets an operator change what a cluster looks like at run time — its HSMs and zones, or a
 * connection failure to inject — to reproduce every CloudHSM condition. Callers sign as for KMS
 * calls and may only touch clusters their account can use.
 */
@RestController
@RequestMapping("/admin/clusters/{clusterId}/simulation")
public class ClusterSimulationController {

    private final CallerResolver callers;
    private final HsmClusters clusters;
    private final ClusterSimulation simulation;

    public ClusterSimulationController(CallerResolver callers, HsmClusters clusters, ClusterSimulation simulation) {
        this.callers = callers;
        this.clusters = clusters;
        this.simulation = simulation;
    }

    /** The cluster as KMS sees it now. */
    @GetMapping
    public HsmClusterInfo get(@PathVariable String clusterId,
                              @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return visibleCluster(clusterId, authorization);
    }

    @PutMapping
    public HsmClusterInfo set(@PathVariable String clusterId, @RequestBody ClusterSimulation.State state,
                              @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        visibleCluster(clusterId, authorization);
        simulation.set(clusterId, state);
        return visibleCluster(clusterId, authorization);
    }

    @DeleteMapping
    public ResponseEntity<Void> reset(@PathVariable String clusterId,
                                      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        visibleCluster(clusterId, authorization);
        simulation.reset(clusterId);
        return ResponseEntity.noContent().build();
    }

    private HsmClusterInfo visibleCluster(String clusterId, String authorization) {
        Caller caller = callers.resolve(authorization);
        return clusters.describeFor(caller.accountId(), clusterId)
                .orElseThrow(() -> new CloudHsmClusterNotFoundException("AWS CloudHSM cannot find the specified cluster "
                        + clusterId + "."));
    }
}
