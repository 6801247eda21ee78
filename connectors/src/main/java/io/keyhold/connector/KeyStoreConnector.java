package io.keyhold.connector;

import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;

/** Opens sessions to the backing key stores of one custom key store type. */
public interface KeyStoreConnector {

    CustomKeyStoreType type();

    /**
     * Logs in to the backing key store with {@code credential} and verifies it is usable;
     * {@code requestId} is the KMS request that asked for it (XKS proxies log it).
     *
     * @throws ConnectionFailedException with the ConnectionErrorCode KMS would report
     */
    ConnectorSession open(ConnectionTarget target, String credential, String requestId) throws ConnectionFailedException;

    /**
     * A session for crypto on a node that did not run the connect of a connected store: logs in
     * with the {@code credential} in force and never changes it (no kmsuser rotation).
     *
     * @throws ConnectionFailedException with the ConnectionErrorCode a connect would report
     */
    ConnectorSession attach(ConnectionTarget target, String credential) throws ConnectionFailedException;

    /** Checks a connected store's backing key store, as KMS's periodic health check does; never throws. */
    HealthReport checkHealth(ConnectionTarget target, String credential, String requestId);
}
