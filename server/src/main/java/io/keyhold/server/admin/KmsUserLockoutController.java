package io.keyhold.server.admin;

import io.keyhold.connector.hsm.KmsUserLockout;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Unlocks kmsuser on a cluster, as a CloudHSM crypto officer does by resetting its password: after
 * five wrong passwords in a row every connect ends in USER_LOCKED_OUT until then.
 */
@RestController
public class KmsUserLockoutController {

    private final ClusterAccess access;
    private final KmsUserLockout lockout;

    KmsUserLockoutController(ClusterAccess access, KmsUserLockout lockout) {
        this.access = access;
        this.lockout = lockout;
    }

    @DeleteMapping("/admin/clusters/{clusterId}/kmsuser-lockout")
    public ResponseEntity<Void> unlock(@PathVariable String clusterId, HttpServletRequest request) {
        access.visibleCluster(clusterId, request, null);
        lockout.unlock(clusterId);
        return ResponseEntity.noContent().build();
    }
}
