package io.keyhold.server.admin;

import io.keyhold.api.error.SerializationException;
import io.keyhold.connector.hsm.ClusterSimulation;
import io.keyhold.connector.hsm.KmsUserLockout;

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.ObjectMapper;

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
    private final ObjectMapper json;

    ClusterSimulationController(ClusterAccess access, ClusterSimulation simulation, KmsUserLockout lockout,
                                ObjectMapper json) {
        this.access = access;
        this.simulation = simulation;
        this.lockout = lockout;
        this.json = json;
    }

    /** The cluster as KMS sees it now. */
    @GetMapping
    public ClusterState get(@PathVariable String clusterId, HttpServletRequest request) {
        return new ClusterState(access.visibleCluster(clusterId, request, null), lockout.status(clusterId));
    }

    /** The body is read as bytes, since the signature covers exactly those. */
    @PutMapping
    public ClusterState set(@PathVariable String clusterId, @RequestBody byte[] body, HttpServletRequest request) {
        access.visibleCluster(clusterId, request, body);
        simulation.set(clusterId, parse(body));
        return new ClusterState(access.visibleCluster(clusterId, request, body), lockout.status(clusterId));
    }

    @DeleteMapping
    public ResponseEntity<Void> reset(@PathVariable String clusterId, HttpServletRequest request) {
        access.visibleCluster(clusterId, request, null);
        simulation.reset(clusterId);
        return ResponseEntity.noContent().build();
    }

    private ClusterSimulation.State parse(byte[] body) {
        try {
            return json.readValue(body, ClusterSimulation.State.class);
        } catch (IOException e) {
            throw new SerializationException("The request body could not be read.");
        }
    }
}
