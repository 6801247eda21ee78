package io.keyhold.connector.hsm;

import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;

/** One HSM cluster that CloudHSM-type custom key stores can be backed by. */
public interface HsmCluster {

    String clusterId();

    HsmClusterInfo describe();

    /**
     * Logs in as kmsuser with {@code password} and rotates the password, as KMS does on every
     * connect; the session reports the new password.
     */
    ConnectorSession loginAndRotate(String password) throws ConnectionFailedException;

    /**
     * Logs in as kmsuser with the password in force, without rotating it: a node that did not run
     * the connect joins a connected store this way for crypto. The session reports no new password.
     */
    ConnectorSession attach(String password) throws ConnectionFailedException;
}
