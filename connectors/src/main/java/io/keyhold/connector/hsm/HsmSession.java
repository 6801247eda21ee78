package io.keyhold.connector.hsm;

import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.key.KeyBackend;

import java.util.Optional;

/**
 * kmsuser's logged-in session to an HSM cluster: the cluster's key operations, the KMS keys built
 * on them, and the password a connect rotated to (none for a session that only attached).
 */
public abstract class HsmSession implements ConnectorSession {

    private final String rotatedPassword;
    private final HsmKeyOperations keyOperations;
    private final KeyBackend keys;

    protected HsmSession(HsmCluster cluster, HsmKeyOperations keyOperations, String rotatedPassword) {
        this.rotatedPassword = rotatedPassword;
        this.keyOperations = keyOperations;
        this.keys = new HsmKeyBackend(cluster, keyOperations);
    }

    @Override
    public final Optional<String> rotatedCredential() {
        return Optional.ofNullable(rotatedPassword);
    }

    @Override
    public final KeyBackend keys() {
        return keys;
    }

    /** Usable until the session is closed; afterwards every operation fails. */
    @Override
    public final Optional<HsmKeyOperations> hsmKeys() {
        return Optional.of(keyOperations);
    }
}
