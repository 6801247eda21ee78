package io.keyhold.connector.xks;

import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How an {@link XksProxyClient} reaches proxies.
 *
 * @param region              the SigV4 signing region: the key store's region
 * @param timeout             the budget of one proxy call, connection and TLS handshake included
 *                            (250 ms in KMS)
 * @param endpointOverrides   endpoint host name → {@code host:port} to connect to instead of
 *                            {@code <host>:443}, for local runs and tests; the certificate is still
 *                            verified against the endpoint's host name
 * @param vpcEndpointServices VPC endpoint service name → {@code host:port} standing for the interface
 *                            endpoint KMS would create; a service not listed here is not found
 * @param trustStore          the CAs a proxy certificate may chain to; null for the JDK's default trust
 * @param clientKeyStore      the client certificate and key presented for mutual TLS; null for none
 * @param clientKeyPassword   the password of the key in {@code clientKeyStore}
 */
public record XksClientSettings(
        String region,
        Duration timeout,
        Map<String, String> endpointOverrides,
        Map<String, String> vpcEndpointServices,
        KeyStore trustStore,
        KeyStore clientKeyStore,
        char[] clientKeyPassword) {

    public XksClientSettings {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        endpointOverrides = endpointOverrides == null ? Map.of() : Map.copyOf(endpointOverrides);
        vpcEndpointServices = vpcEndpointServices == null ? Map.of() : Map.copyOf(vpcEndpointServices);
        clientKeyPassword = clientKeyPassword == null ? null : clientKeyPassword.clone();
    }

    @Override
    public char[] clientKeyPassword() {
        return clientKeyPassword == null ? null : clientKeyPassword.clone();
    }

    @Override
    public String toString() {
        return "XksClientSettings[region=" + region + ", timeout=" + timeout
                + ", endpointOverrides=" + endpointOverrides + ", vpcEndpointServices=" + vpcEndpointServices
                + ", trustStore=" + (trustStore == null ? "JDK default" : "custom")
                + ", clientKeyStore=" + (clientKeyStore == null ? "none" : "custom") + "]";
    }
}
