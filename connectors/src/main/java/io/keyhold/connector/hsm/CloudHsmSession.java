package io.keyhold.connector.hsm;

import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.key.KeyBackend;

import java.util.Optional;

/**
 * A cluster's session as a CloudHSM key store uses it: its KMS keys see the cluster as the store
 * does, through {@link HsmClusters}, so CreateKey counts the HSMs an operator's simulation left.
 */
final class CloudHsmSession implements ConnectorSession {

    private final ConnectorSession session;
    private final KeyBackend keys;

    CloudHsmSession(HsmCluster cluster, ConnectorSession session) {
        Optional<HsmKeyOperations> operations = session.hsmKeys();
        if (operations.isEmpty()) {
            session.close();
            throw new IllegalStateException("a session to cluster " + cluster.clusterId() + " offers no key operations");
        }
        this.session = session;
        this.keys = new HsmKeyBackend(cluster, operations.get());
    }

    @Override
    public Optional<String> rotatedCredential() {
        return session.rotatedCredential();
    }

    @Override
    public KeyBackend keys() {
        return keys;
    }

    @Override
    public Optional<HsmKeyOperations> hsmKeys() {
        return session.hsmKeys();
    }

    @Override
    public void close() {
        session.close();
    }

    @Override
    public String toString() {
        return "CloudHsmSession[" + session + "]";
    }
}
