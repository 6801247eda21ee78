package io.keyhold.connector.xks;

import static io.keyhold.connector.xks.XksFixtures.CA;
import static io.keyhold.connector.xks.XksFixtures.CREDENTIAL;
import static io.keyhold.connector.xks.XksFixtures.HEALTH_CHECK;
import static io.keyhold.connector.xks.XksFixtures.HOST;
import static io.keyhold.connector.xks.XksFixtures.PROXY_CERTIFICATE;
import static io.keyhold.connector.xks.XksFixtures.REGION;
import static io.keyhold.connector.xks.XksFixtures.SECRETS;
import static io.keyhold.connector.xks.XksFixtures.TARGET;
import static io.keyhold.connector.xks.XksFixtures.TIMEOUT;
import static io.keyhold.connector.xks.XksFixtures.URI_PATH;
import static io.keyhold.connector.xks.XksFixtures.assertReportedAs;
import static io.keyhold.connector.xks.XksFixtures.clientOf;
import static io.keyhold.connector.xks.XksFixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyhold.api.error.XksProxyUriUnreachableException;
import io.keyhold.api.error.XksProxyVpcEndpointServiceNotFoundException;
import io.keyhold.api.keystore.ConnectionErrorCode;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Failures before the proxy answers: TLS, no connection, no answer in time, no such VPC endpoint service. */
class XksProxyConnectionFailureTest {

    private StubXksProxy proxy;
    private XksProxyClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void aCertificateFromAnUntrustedCaIsAnInvalidTlsConfiguration() {
        proxy = XksFixtures.proxy(TestPki.create("Some other CA").server(HOST));
        client = clientOf(proxy);

        XksProxyException failure = failureOf(() -> client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK));

        assertInvalidTls(failure);
        assertThat(failure.getMessage()).isEqualTo("Cannot establish a TLS connection with the external key store "
                + "proxy at https://xks.example.com: its certificate is not issued by a trusted certificate authority.");
        assertThat(proxy.requests()).isEmpty();
    }

    @Test
    void anExpiredCertificateIsAnInvalidTlsConfiguration() {
        Instant now = Instant.now();
        proxy = XksFixtures.proxy(CA.server(HOST, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))));
        client = clientOf(proxy);

        XksProxyException failure = failureOf(() -> client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK));

        assertInvalidTls(failure);
        assertThat(failure.getMessage()).endsWith(": its certificate has expired.");
    }

    @Test
    void aCertificateForAnotherHostIsAnInvalidTlsConfiguration() {
        proxy = XksFixtures.proxy(CA.server("other.example.com"));
        client = clientOf(proxy);

        XksProxyException failure = failureOf(() -> client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK));

        assertInvalidTls(failure);
        assertThat(failure.getMessage()).endsWith(": its certificate is not valid for xks.example.com.");
        assertThat(proxy.requests()).isEmpty();
    }

    @Test
    void aCertificateForTheAddressConnectedToIsNotEnough() {
        // The override points at 127.0.0.1; a certificate for "localhost" must not pass for xks.example.com.
        proxy = XksFixtures.proxy(CA.server("localhost"));
        client = new XksProxyClient(XksFixtures.settings(proxy.address().replace("127.0.0.1", "localhost"), TIMEOUT));

        XksProxyException failure = failureOf(() -> client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK));

        assertInvalidTls(failure);
        assertThat(failure.getMessage()).endsWith(": its certificate is not valid for xks.example.com.");
    }

    @Test
    void aProxyRequiringAClientCertificateRejectsAClientWithoutOne() {
        // Over TLS 1.2 the proxy refuses inside the handshake; over TLS 1.3 the refusal comes after
        // the client's handshake is done, and the JDK client often sees only a closed connection.
        proxy = StubXksProxy.start(PROXY_CERTIFICATE, CA.trustStore(), new String[] {"TLSv1.2"}, URI_PATH, SECRETS,
                REGION);
        client = clientOf(proxy);

        XksProxyException failure = failureOf(() -> client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK));

        assertInvalidTls(failure);
        assertThat(failure.getMessage()).isEqualTo("Cannot establish a TLS connection with the external key store "
                + "proxy at https://xks.example.com: the TLS handshake failed (Remote host terminated the handshake).");
        assertThat(proxy.requests()).isEmpty();
    }

    @Test
    void nothingListeningMakesTheProxyUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        client = new XksProxyClient(XksFixtures.settings("127.0.0.1:" + closedPort, TIMEOUT));

        XksProxyException failure = failureOf(() -> client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK));

        assertReportedAs(failure, XksFailure.NOT_REACHABLE, ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE,
                XksProxyUriUnreachableException.class);
        assertThat(failure.getMessage()).isEqualTo("Cannot connect to the external key store proxy at "
                + "https://xks.example.com: the connection was refused.");
    }

    @Test
    void aHostNameThatDoesNotResolveMakesTheProxyUnreachable() {
        client = new XksProxyClient(XksFixtures.settings("no-such-host.invalid:443", TIMEOUT));

        XksProxyException failure = failureOf(() -> client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK));

        assertReportedAs(failure, XksFailure.NOT_REACHABLE, ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE,
                XksProxyUriUnreachableException.class);
        assertThat(failure.getMessage()).endsWith(": its host name does not resolve.");
    }

    @Test
    void aProxyThatHangsUpWithoutAnAnswerIsNotReachable() {
        proxy = XksFixtures.proxy();
        proxy.hangUp();
        client = clientOf(proxy);

        XksProxyException failure = failureOf(() -> client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK));

        assertReportedAs(failure, XksFailure.NOT_REACHABLE, ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE,
                XksProxyUriUnreachableException.class);
        assertThat(failure.getMessage()).startsWith("The connection to the external key store proxy at "
                + "https://xks.example.com broke before it answered GetHealthStatus (");
    }

    @Test
    void aProxySlowerThanTheTimeoutHasTimedOut() throws Exception {
        proxy = XksFixtures.proxy();
        Duration timeout = Duration.ofMillis(500);
        client = new XksProxyClient(XksFixtures.settings(proxy.address(), timeout));
        client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK);
        CountDownLatch answers = proxy.holdAnswers();
        try {
            long started = System.nanoTime();

            XksProxyException failure = failureOf(() -> client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(timeout, timeout.multipliedBy(4));
            assertReportedAs(failure, XksFailure.TIMED_OUT, ConnectionErrorCode.XKS_PROXY_TIMED_OUT,
                    XksProxyUriUnreachableException.class);
            assertThat(failure.getMessage()).isEqualTo("The external key store proxy at https://xks.example.com "
                    + "did not answer GetHealthStatus within 500 ms.");
            assertThat(proxy.requests()).hasSize(2);
        } finally {
            answers.countDown();
        }
    }

    @Test
    void anUnknownVpcEndpointServiceIsNotFound() {
        client = new XksProxyClient(new XksClientSettings(REGION, TIMEOUT, Map.of(),
                Map.of("com.amazonaws.vpce.us-east-1.vpce-svc-0abc123def4567890", "127.0.0.1:1"), CA.trustStore(),
                null, null));
        XksProxyTarget target = new XksProxyTarget("https://" + HOST, URI_PATH,
                "com.amazonaws.vpce.us-east-1.vpce-svc-0fffffffffffffff0");

        XksProxyException failure = failureOf(() -> client.getHealthStatus(target, CREDENTIAL, HEALTH_CHECK));

        assertReportedAs(failure, XksFailure.VPC_ENDPOINT_SERVICE_NOT_FOUND,
                ConnectionErrorCode.XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND, XksProxyVpcEndpointServiceNotFoundException.class);
        assertThat(failure.getMessage()).isEqualTo("The VPC endpoint service "
                + "com.amazonaws.vpce.us-east-1.vpce-svc-0fffffffffffffff0 of the external key store proxy at "
                + "https://xks.example.com was not found.");
    }

    private static void assertInvalidTls(XksProxyException failure) {
        assertReportedAs(failure, XksFailure.INVALID_TLS, ConnectionErrorCode.XKS_PROXY_INVALID_TLS_CONFIGURATION,
                XksProxyUriUnreachableException.class);
    }
}
