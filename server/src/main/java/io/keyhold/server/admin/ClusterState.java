package io.keyhold.server.admin;

import io.keyhold.connector.hsm.HsmClusterInfo;
import io.keyhold.connector.hsm.KmsUserLockout;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** What the simulation endpoint shows of a cluster: what KMS sees of it, and kmsuser's failed logins and lockout. */
record ClusterState(@JsonUnwrapped HsmClusterInfo cluster, @JsonUnwrapped KmsUserLockout.Status kmsUser) {
}
