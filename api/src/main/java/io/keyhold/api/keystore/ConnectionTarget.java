package io.keyhold.api.keystore;

/**
 * What a connection attempt connects to: the backing cluster or proxy and a reference to the
 * encrypted credential it logs in with.
 */
public record ConnectionTarget(
        CustomKeyStoreType type,
        String cloudHsmClusterId,
        XksProxySettings xksProxy,
        String credentialRef) {

    public ConnectionTarget withCredentialRef(String newCredentialRef) {
        return new ConnectionTarget(type, cloudHsmClusterId, xksProxy, newCredentialRef);
    }

    public ConnectionTarget withXksProxy(XksProxySettings newXksProxy) {
        return new ConnectionTarget(type, cloudHsmClusterId, newXksProxy, credentialRef);
    }
}
