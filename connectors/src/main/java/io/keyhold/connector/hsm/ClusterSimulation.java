package io.keyhold.connector.hsm;

import io.keyhold.api.keystore.ConnectionErrorCode;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Cluster facts an operator changes at run time, stored in the shared database so that every node
 * sees them: the HSMs and zones a token cannot tell, and a connection failure to inject (the
 * CloudHSM conditions no local token can produce). A cluster without a row keeps what
 * configuration declares.
 */
public class ClusterSimulation {

    /** What may be injected into a connect; the others come from real token or cluster behaviour. */
    public static final Set<ConnectionErrorCode> INJECTABLE = EnumSet.of(ConnectionErrorCode.USER_LOGGED_IN,
            ConnectionErrorCode.SUBNET_NOT_FOUND, ConnectionErrorCode.INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET,
            ConnectionErrorCode.INTERNAL_ERROR, ConnectionErrorCode.NETWORK_ERRORS);

    /** Overrides of the declared facts; a null member keeps the declared value. */
    public record State(Boolean active, Integer hsms, Integer availabilityZones, ConnectionErrorCode connectFailure) {

        public State {
            if (connectFailure != null && !INJECTABLE.contains(connectFailure)) {
                throw new IllegalArgumentException("connectFailure must be one of " + INJECTABLE);
            }
            if ((hsms != null && hsms < 0) || (availabilityZones != null && availabilityZones < 0)) {
                throw new IllegalArgumentException("hsms and availabilityZones cannot be negative");
            }
        }
    }

    private final JdbcClient jdbc;

    public ClusterSimulation(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<State> find(String clusterId) {
        return jdbc.sql("select active, hsms, availability_zones, connect_failure from hsm_cluster_simulation "
                        + "where cluster_id = ?")
                .param(clusterId)
                .query((rs, row) -> new State((Boolean) rs.getObject(1), (Integer) rs.getObject(2),
                        (Integer) rs.getObject(3),
                        rs.getString(4) == null ? null : ConnectionErrorCode.valueOf(rs.getString(4))))
                .optional();
    }

    public void set(String clusterId, State state) {
        reset(clusterId);
        jdbc.sql("insert into hsm_cluster_simulation (cluster_id, active, hsms, availability_zones, connect_failure) "
                        + "values (?, ?, ?, ?, ?)")
                .params(clusterId, state.active(), state.hsms(), state.availabilityZones(),
                        state.connectFailure() == null ? null : state.connectFailure().name())
                .update();
    }

    public void reset(String clusterId) {
        jdbc.sql("delete from hsm_cluster_simulation where cluster_id = ?").param(clusterId).update();
    }

    /** The declared facts with this cluster's overrides applied. */
    public HsmClusterInfo apply(HsmClusterInfo declared) {
        return find(declared.clusterId())
                .map(state -> HsmClusterInfo.declared(declared.clusterId(),
                        state.active() != null ? state.active() : declared.active(),
                        state.hsms() != null ? state.hsms() : declared.activeHsms(),
                        state.availabilityZones() != null ? state.availabilityZones() : declared.activeHsmAvailabilityZones(),
                        declared.clusterCertificatePem(), declared.ownerAccountId()))
                .orElse(declared);
    }

    /** The failure injected into the next connects of the cluster, if any. */
    public Optional<ConnectionErrorCode> connectFailure(String clusterId) {
        return find(clusterId).map(State::connectFailure);
    }
}
