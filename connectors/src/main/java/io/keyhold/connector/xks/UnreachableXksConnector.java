package io.keyhold.connector.xks;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.XksProxySettings;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.HealthReport;
import io.keyhold.connector.KeyStoreConnector;

/** Stands in for the XKS proxy client until it exists: every external key store connect fails as unreachable. */
public class UnreachableXksConnector implements KeyStoreConnector, XksProxyProbe {

    @Override
    public CustomKeyStoreType type() {
        return CustomKeyStoreType.EXTERNAL_KEY_STORE;
    }

    @Override
    public ConnectorSession open(ConnectionTarget target, String credential, String requestId) throws ConnectionFailedException {
        throw new ConnectionFailedException(ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE,
                "this Keyhold version has no XKS proxy client");
    }

    /** Without a client there is no proxy to ask before a create or update. */
    @Override
    public void check(XksProxySettings settings, String secretAccessKey, String requestId, String kmsOperation) {
        // accepted unchecked until the XKS proxy client exists
    }

    @Override
    public HealthReport checkHealth(ConnectionTarget target, String credential, String requestId) {
        return HealthReport.unreachable(ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE);
    }
}
