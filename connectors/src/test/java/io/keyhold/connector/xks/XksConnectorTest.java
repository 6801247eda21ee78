package io.keyhold.connector.xks;

import static io.keyhold.connector.xks.XksFixtures.CREDENTIAL;
import static io.keyhold.connector.xks.XksFixtures.HOST;
import static io.keyhold.connector.xks.XksFixtures.URI_PATH;
import static io.keyhold.connector.xks.XksFixtures.clientOf;
import static io.keyhold.connector.xks.XksFixtures.proxy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyhold.api.error.XksProxyIncorrectAuthenticationCredentialException;
import io.keyhold.api.error.XksProxyVpcEndpointServiceNotFoundException;
import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.KeyStoreHealth;
import io.keyhold.api.keystore.XksProxyConnectivity;
import io.keyhold.api.keystore.XksProxySettings;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.HealthReport;
import io.keyhold.connector.key.InMemoryKeyMaterialStore;

import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The external key store connector over a real HTTPS stub proxy: connect, probe and health check. */
class XksConnectorTest {

    private static final XksProxySettings PUBLIC = new XksProxySettings("https://" + HOST, URI_PATH,
            XksProxyConnectivity.PUBLIC_ENDPOINT, null, null, CREDENTIAL.accessKeyId());
    private static final XksProxySettings UNKNOWN_VPC = new XksProxySettings("https://" + HOST, URI_PATH,
            XksProxyConnectivity.VPC_ENDPOINT_SERVICE, "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0",
            "111122223333", CREDENTIAL.accessKeyId());

    private final StubXksProxy proxy = proxy();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final XksConnector connector = new XksConnector(clientOf(proxy), Set.of(), meters, new InMemoryKeyMaterialStore());

    @AfterEach
    void stop() {
        proxy.close();
    }

    private static ConnectionTarget target(XksProxySettings settings) {
        return new ConnectionTarget(CustomKeyStoreType.EXTERNAL_KEY_STORE, null, settings, "ref");
    }

    @Test
    void connectsWhenTheProxyAnswersTheHealthCheck() throws ConnectionFailedException {
        assertThat(connector.open(target(PUBLIC), CREDENTIAL.secretAccessKey(), "request-1").rotatedCredential()).isEmpty();
        assertThat(meters.get("keyhold.xks.proxy.requests").tag("kmsOperation", "ConnectCustomKeyStore")
                .tag("outcome", "success").timer().count()).isEqualTo(1);
    }

    @Test
    void aRejectedCredentialFailsTheConnectWithInvalidCredentials() {
        assertThatThrownBy(() -> connector.open(target(PUBLIC), "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZy0=", "r"))
                .isInstanceOfSatisfying(ConnectionFailedException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ConnectionErrorCode.INVALID_CREDENTIALS));
    }

    @Test
    void anUnknownVpcEndpointServiceFailsTheConnect() {
        assertThatThrownBy(() -> connector.open(target(UNKNOWN_VPC), CREDENTIAL.secretAccessKey(), "r"))
                .isInstanceOfSatisfying(ConnectionFailedException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ConnectionErrorCode.XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND));
    }

    @Test
    void theCreateProbeReportsARejectedCredentialAsKmsDoes() {
        assertThatThrownBy(() -> connector.check(PUBLIC, "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZy0=", "r",
                "CreateCustomKeyStore")).isInstanceOf(XksProxyIncorrectAuthenticationCredentialException.class);
    }

    @Test
    void theCreateProbeNeedsAKnownVpcEndpointServiceButDoesNotCallAVpcProxy() {
        assertThatThrownBy(() -> connector.check(UNKNOWN_VPC, CREDENTIAL.secretAccessKey(), "r", "CreateCustomKeyStore"))
                .isInstanceOf(XksProxyVpcEndpointServiceNotFoundException.class);
        XksConnector knowing = new XksConnector(clientOf(proxy), Set.of(UNKNOWN_VPC.vpcEndpointServiceName()), meters,
                new InMemoryKeyMaterialStore());
        knowing.check(UNKNOWN_VPC, "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZy0=", "r", "CreateCustomKeyStore");
        assertThat(meters.find("keyhold.xks.proxy.requests").timers()).isEmpty();
    }

    @Test
    void healthChecksReportHealthyDegradedUnavailableAndUnreachable() {
        proxy.ekmHealth("ACTIVE", "ACTIVE");
        assertThat(connector.checkHealth(target(PUBLIC), CREDENTIAL.secretAccessKey(), "r")).isEqualTo(HealthReport.HEALTHY);
        proxy.ekmHealth("ACTIVE", "UNAVAILABLE");
        assertThat(connector.checkHealth(target(PUBLIC), CREDENTIAL.secretAccessKey(), "r"))
                .isEqualTo(new HealthReport(KeyStoreHealth.DEGRADED, null));
        proxy.ekmHealth("UNAVAILABLE", "UNAVAILABLE");
        assertThat(connector.checkHealth(target(PUBLIC), CREDENTIAL.secretAccessKey(), "r"))
                .isEqualTo(new HealthReport(KeyStoreHealth.UNAVAILABLE, ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE));
        proxy.answer(503, "{\"errorName\":\"DependencyTimeoutException\"}");
        assertThat(connector.checkHealth(target(PUBLIC), CREDENTIAL.secretAccessKey(), "r"))
                .isEqualTo(HealthReport.unreachable(ConnectionErrorCode.XKS_PROXY_TIMED_OUT));
        assertThat(meters.get("keyhold.xks.proxy.requests").tag("kmsOperation", "KmsHealthCheck").timers()).hasSize(3);
    }
}
