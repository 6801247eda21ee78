package io.keyhold.connector.xks;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an external key store's proxy lives, as configured on the key store.
 *
 * @param uriEndpoint            {@code https://<server>}, no port (KMS always uses 443) and no path
 * @param uriPath                {@code [/<prefix>]/kms/xks/v1}
 * @param vpcEndpointServiceName the VPC endpoint service for VPC_ENDPOINT_SERVICE connectivity; null
 *                               for PUBLIC_ENDPOINT connectivity
 */
public record XksProxyTarget(String uriEndpoint, String uriPath, String vpcEndpointServiceName) {

    // The KMS model's XksProxyUriEndpointType and XksProxyUriPathType; anything else cannot form a
    // request URI safely, so it is a caller bug rather than a proxy failure.
    private static final Pattern URI_ENDPOINT = Pattern.compile("https://[a-zA-Z0-9.-]+");
    private static final Pattern URI_PATH = Pattern.compile("(/[a-zA-Z0-9/_-]+)?/kms/xks/v\\d{1,2}");

    public XksProxyTarget {
        Objects.requireNonNull(uriEndpoint, "uriEndpoint");
        Objects.requireNonNull(uriPath, "uriPath");
        if (!URI_ENDPOINT.matcher(uriEndpoint).matches()) {
            throw new IllegalArgumentException("not an XKS proxy URI endpoint: " + uriEndpoint);
        }
        if (!URI_PATH.matcher(uriPath).matches()) {
            throw new IllegalArgumentException("not an XKS proxy URI path: " + uriPath);
        }
    }

    /** The endpoint's host name: the name the proxy's TLS certificate must carry. */
    String hostName() {
        return uriEndpoint.substring("https://".length());
    }
}
