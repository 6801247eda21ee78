package io.keyhold.api.keystore;

public enum XksProxyConnectivity {
    PUBLIC_ENDPOINT,
    VPC_ENDPOINT_SERVICE
}
