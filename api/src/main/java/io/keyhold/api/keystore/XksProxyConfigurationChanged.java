package io.keyhold.api.keystore;

/** The external key store's proxy settings after an update (all of them, changed or not). */
public record XksProxyConfigurationChanged(
        String customKeyStoreId,
        String accountId,
        XksProxySettings xksProxy) {
}
