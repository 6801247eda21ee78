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
}
