package io.keyhold.connector;

import io.keyhold.connector.hsm.HsmKeyOperations;
import io.keyhold.connector.key.KeyBackend;

import java.util.Optional;

/** A node-local, logged-in session to one backing key store. */
public interface ConnectorSession extends AutoCloseable {

    /** The credential now in force if opening the session rotated it (the CloudHSM kmsuser password). */
    Optional<String> rotatedCredential();

    /** Cryptography with the store's KMS keys through this session; fails once the session is closed. */
    KeyBackend keys();

    /** The HSM's own key operations, for sessions to an HSM cluster. */
    default Optional<HsmKeyOperations> hsmKeys() {
        return Optional.empty();
    }

    @Override
    void close();
}
