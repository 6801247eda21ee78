package io.keyhold.server.admin;

import io.keyhold.connector.hsm.ClusterSimulation;
import io.keyhold.connector.hsm.KmsUserLockout;

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

    private final ClusterAccess access;
    private final ClusterSimulation simulation;
    private final KmsUserLockout lockout;

    ClusterSimulationController(ClusterAccess access, ClusterSimulation simulation, KmsUserLockout lockout) {
        this.access = access;
        this.simulation = simulation;
        this.lockout = lockout;
    }

    /** The cluster as KMS sees it now. */
    @GetMapping
    public ClusterState get(@PathVariable String clusterId,
                            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return state(clusterId, authorization);
    }

    @PutMapping
    public ClusterState set(@PathVariable String clusterId, @RequestBody ClusterSimulation.State state,
                            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        access.visibleCluster(clusterId, authorization);
        simulation.set(clusterId, state);
        return state(clusterId, authorization);
    }

    @DeleteMapping
    public ResponseEntity<Void> reset(@PathVariable String clusterId,
                                      @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        access.visibleCluster(clusterId, authorization);
        simulation.reset(clusterId);
        return ResponseEntity.noContent().build();
    }

    private ClusterState state(String clusterId, String authorization) {
        return new ClusterState(access.visibleCluster(clusterId, authorization), lockout.status(clusterId));
    }
}
