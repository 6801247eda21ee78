package io.keyhold.command.keystore;

import io.keyhold.api.keystore.XksProxyConnectivity;

/**
 * Set-based facts the CustomKeyStore aggregate cannot know alone (kms-api.md 5.1), read from the
 * command-side lookup tables. {@code exceptStoreId} leaves the store being updated out; it may be null.
 */
public interface KeyStoreLookup {

    boolean isNameTaken(String accountId, String name, String exceptStoreId);

    int countStores(String accountId);

    boolean isClusterInUse(String accountId, String clusterCertificateFingerprint, String exceptStoreId);

    boolean isXksUriInUse(String accountId, String uriEndpoint, String uriPath, String exceptStoreId);

    /** PUBLIC endpoints may be shared except with a VPC store; a VPC store's endpoint is its own in the region. */
    boolean isXksEndpointInUse(String uriEndpoint, XksProxyConnectivity connectivity, String exceptStoreId);

    boolean isVpcEndpointServiceInUse(String serviceName, String exceptStoreId);
}
