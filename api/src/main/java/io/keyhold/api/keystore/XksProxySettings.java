package io.keyhold.api.keystore;

/**
 * Where and how an external key store reaches its XKS proxy. Holds the credential's access key id
 * (KMS returns it) but never the secret access key.
 */
public record XksProxySettings(
        String uriEndpoint,
        String uriPath,
        XksProxyConnectivity connectivity,
        String vpcEndpointServiceName,
        String vpcEndpointServiceOwner,
        String accessKeyId) {
}
