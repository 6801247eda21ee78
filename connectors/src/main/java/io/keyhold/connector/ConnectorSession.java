package io.keyhold.connector;

import io.keyhold.connector.hsm.HsmKeyOperations;

import java.util.Optional;

/** A node-local, logged-in session to one backing key store. */
public interface ConnectorSession extends AutoCloseable {

    /** The credential now in force if opening the session rotated it (the CloudHSM kmsuser password). */
    Optional<String> rotatedCredential();

    /** Key operations through this session, for key stores whose keys live in the backing store. */
    default Optional<HsmKeyOperations> hsmKeys() {
        return Optional.empty();
    }

    @Override
    void close();
}
