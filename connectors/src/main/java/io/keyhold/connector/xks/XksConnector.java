package io.keyhold.connector.xks;

import io.keyhold.api.error.XksProxyVpcEndpointServiceNotFoundException;
import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.KeyStoreHealth;
import io.keyhold.api.keystore.XksProxyConnectivity;
import io.keyhold.api.keystore.XksProxySettings;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.HealthReport;
import io.keyhold.connector.KeyStoreConnector;
import io.keyhold.connector.key.KeyMaterialStore;

import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Reaches external key stores through their XKS proxy as KMS does: a store connects when the
 * proxy answers a signed GetHealthStatus, its settings are probed the same way before a create or
 * update, and a connected store is checked periodically. Its KMS keys are double-encrypted with
 * inner keys from the {@link KeyMaterialStore} ({@link XksKeyBackend}). Every call is timed as
 * {@code keyhold.xks.proxy.requests} (tags xksOperation, kmsOperation, outcome), like KMS's XksProxyLatency.
 */
public class XksConnector implements KeyStoreConnector, XksProxyProbe {

    private static final String HEALTH_CHECK = "KmsHealthCheck";

    private final XksProxyClient client;
    private final Set<String> vpcEndpointServices;
    private final XksRequestMetrics metrics;
    private final KeyMaterialStore keyMaterial;

    public XksConnector(XksProxyClient client, Set<String> vpcEndpointServices, MeterRegistry meters,
                        KeyMaterialStore keyMaterial) {
        this.client = client;
        this.vpcEndpointServices = Set.copyOf(vpcEndpointServices);
        this.metrics = new XksRequestMetrics(meters);
        this.keyMaterial = keyMaterial;
    }

    @Override
    public CustomKeyStoreType type() {
        return CustomKeyStoreType.EXTERNAL_KEY_STORE;
    }

    @Override
    public ConnectorSession open(ConnectionTarget target, String credential, String requestId)
            throws ConnectionFailedException {
        XksProxySettings settings = knownEndpointService(target);
        XksProxyTarget proxy = proxy(settings);
        XksCredential xksCredential = new XksCredential(settings.accessKeyId(), credential);
        try {
            health(proxy, xksCredential, requestId, "ConnectCustomKeyStore");
        } catch (XksProxyException e) {
            throw new ConnectionFailedException(e.failure().connectionErrorCode(), e.getMessage());
        }
        return session(proxy, xksCredential);
    }

    /** The proxy API is stateless: a connected store needs no call to the proxy to be used. */
    @Override
    public ConnectorSession attach(ConnectionTarget target, String credential) throws ConnectionFailedException {
        XksProxySettings settings = knownEndpointService(target);
        return session(proxy(settings), new XksCredential(settings.accessKeyId(), credential));
    }

    private XksProxySettings knownEndpointService(ConnectionTarget target) throws ConnectionFailedException {
        XksProxySettings settings = target.xksProxy();
        if (isUnknownVpcEndpointService(settings)) {
            throw new ConnectionFailedException(ConnectionErrorCode.XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND,
                    "VPC endpoint service " + settings.vpcEndpointServiceName() + " not found");
        }
        return settings;
    }

    private ConnectorSession session(XksProxyTarget proxy, XksCredential credential) {
        return new XksSession(new XksKeyBackend(client, proxy, credential, keyMaterial, metrics));
    }

    @Override
    public void check(XksProxySettings settings, String secretAccessKey, String requestId, String kmsOperation) {
        if (isUnknownVpcEndpointService(settings)) {
            throw new XksProxyVpcEndpointServiceNotFoundException("KMS cannot find the VPC endpoint service "
                    + settings.vpcEndpointServiceName() + ". Verify the service name and that KMS may use it.");
        }
        if (settings.connectivity() == XksProxyConnectivity.VPC_ENDPOINT_SERVICE) {
            return; // KMS reaches a VPC proxy only once it has built the interface endpoint, on connect
        }
        try {
            health(proxy(settings), new XksCredential(settings.accessKeyId(), secretAccessKey), requestId, kmsOperation);
        } catch (XksProxyException e) {
            throw e.failure().keyStoreManagementException(e.getMessage());
        }
    }

    @Override
    public HealthReport checkHealth(ConnectionTarget target, String credential, String requestId) {
        XksProxySettings settings = target.xksProxy();
        if (isUnknownVpcEndpointService(settings)) {
            return HealthReport.unreachable(ConnectionErrorCode.XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND);
        }
        try {
            HealthStatus status = health(proxy(settings), new XksCredential(settings.accessKeyId(), credential),
                    requestId, HEALTH_CHECK);
            boolean allActive = status.ekmFleetDetails().stream().allMatch(ekm -> "ACTIVE".equals(ekm.healthStatus()));
            return allActive ? HealthReport.HEALTHY : new HealthReport(KeyStoreHealth.DEGRADED, null);
        } catch (XksProxyException e) {
            return e.failure() == XksFailure.ALL_EKMS_UNAVAILABLE
                    ? new HealthReport(KeyStoreHealth.UNAVAILABLE, e.failure().connectionErrorCode())
                    : HealthReport.unreachable(e.failure().connectionErrorCode());
        }
    }

    private HealthStatus health(XksProxyTarget proxy, XksCredential credential, String requestId, String kmsOperation)
            throws XksProxyException {
        return metrics.timed("GetHealthStatus", kmsOperation, () -> client.getHealthStatus(proxy, credential,
                new XksRequestMetadata(requestId, kmsOperation, null, null)));
    }

    private boolean isUnknownVpcEndpointService(XksProxySettings settings) {
        return settings.connectivity() == XksProxyConnectivity.VPC_ENDPOINT_SERVICE
                && !vpcEndpointServices.contains(settings.vpcEndpointServiceName());
    }

    private static XksProxyTarget proxy(XksProxySettings settings) {
        return new XksProxyTarget(settings.uriEndpoint(), settings.uriPath(),
                settings.connectivity() == XksProxyConnectivity.VPC_ENDPOINT_SERVICE ? settings.vpcEndpointServiceName() : null);
    }

    /** A connected external key store: its keys, which know where its proxy is and how to sign for it. */
    private record XksSession(XksKeyBackend keys) implements ConnectorSession {

        @Override
        public Optional<String> rotatedCredential() {
            return Optional.empty();
        }

        @Override
        public void close() {
            keys.close();
        }
    }
}
