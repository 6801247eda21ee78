package io.keyhold.connector;

import java.util.Optional;

/** A node-local, logged-in session to one backing key store. */
public interface ConnectorSession extends AutoCloseable {

    /** The credential now in force if opening the session rotated it (the CloudHSM kmsuser password). */
    Optional<String> rotatedCredential();

    @Override
    void close();
}
