package io.keyhold.connector;

import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;

/** Opens sessions to the backing key stores of one custom key store type. */
public interface KeyStoreConnector {

    CustomKeyStoreType type();

    /**
     * Logs in to the backing key store with {@code credential} and verifies it is usable.
     *
     * @throws ConnectionFailedException with the ConnectionErrorCode KMS would report
     */
    ConnectorSession open(ConnectionTarget target, String credential) throws ConnectionFailedException;
}
