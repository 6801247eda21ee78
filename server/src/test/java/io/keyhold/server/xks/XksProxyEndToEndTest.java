package io.keyhold.server.xks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.keyhold.server.testsupport.KmsClients;
import io.keyhold.server.testsupport.XksProxyProcess;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreInvalidStateException;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreNotFoundException;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.XksProxyConnectivityType;
import software.amazon.awssdk.services.kms.model.XksProxyIncorrectAuthenticationCredentialException;
import software.amazon.awssdk.services.kms.model.XksProxyInvalidConfigurationException;
import software.amazon.awssdk.services.kms.model.XksProxyInvalidResponseException;
import software.amazon.awssdk.services.kms.model.XksProxyUriUnreachableException;
import software.amazon.awssdk.services.kms.model.XksProxyVpcEndpointServiceNotFoundException;

/**
 * External key stores against Keyhold's own XKS proxy, run as separate processes over real TLS
 * and SigV4: every create/update probe and connect outcome the proxy can produce, and the periodic
 * health check.
 */
class XksProxyEndToEndTest extends XksEndToEndTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void aPublicExternalKeyStoreIsProbedOnCreateConnectsAndTakesARotatedCredential() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            String id = createPublic(kms, "public-store", HEALTHY_HOST, PATH, XksProxyProcess.SECRET);
            kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
            assertThat(awaitOutcome(kms, id).connectionState()).as(HEALTHY.log()).isEqualTo(ConnectionStateType.CONNECTED);

            // credentials may be rotated while connected; KMS probes the new one first
            assertThatThrownBy(() -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).xksProxyAuthenticationCredential(
                    c -> c.accessKeyId(XksProxyProcess.OTHER_ACCESS_KEY_ID).rawSecretAccessKey(WRONG_SECRET))))
                    .isInstanceOf(XksProxyIncorrectAuthenticationCredentialException.class);
            kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).xksProxyAuthenticationCredential(
                    c -> c.accessKeyId(XksProxyProcess.OTHER_ACCESS_KEY_ID).rawSecretAccessKey(XksProxyProcess.OTHER_SECRET)));
            assertThat(describe(kms, id).xksProxyConfiguration().accessKeyId()).isEqualTo(XksProxyProcess.OTHER_ACCESS_KEY_ID);
            // the periodic health checks go on with the new credential (the old one is shredded)
            long checksBefore = successfulHealthChecks();
            await().atMost(Duration.ofSeconds(20)).until(() -> successfulHealthChecks() >= checksBefore + 3);
            assertThat(healthEvents(id)).isEmpty();

            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
            kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
            assertThat(awaitOutcome(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
        }
    }

    @Test
    void createAndUpdateFailAsKmsDoesWhenTheProxyCannotBeUsed() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            assertThatThrownBy(() -> createPublic(kms, "wrong-secret", HEALTHY_HOST, PATH, WRONG_SECRET))
                    .isInstanceOf(XksProxyIncorrectAuthenticationCredentialException.class);
            assertThatThrownBy(() -> createPublic(kms, "wrong-path", HEALTHY_HOST, "/keyhold/nope/kms/xks/v1",
                    XksProxyProcess.SECRET)).isInstanceOf(XksProxyInvalidConfigurationException.class);
            assertThatThrownBy(() -> createPublic(kms, "wrong-name", "other-name.keyhold.test", PATH, XksProxyProcess.SECRET))
                    .isInstanceOf(XksProxyUriUnreachableException.class).hasMessageContaining("TLS");
            assertThatThrownBy(() -> createPublic(kms, "nothing", "nothing.keyhold.test", PATH, XksProxyProcess.SECRET))
                    .isInstanceOf(XksProxyUriUnreachableException.class);
            assertThatThrownBy(() -> createPublic(kms, "slow", HEALTHY_HOST, SLOW_PATH, XksProxyProcess.SECRET))
                    .isInstanceOf(XksProxyUriUnreachableException.class);
            assertThatThrownBy(() -> createPublic(kms, "down", DOWN_HOST, PATH, XksProxyProcess.SECRET))
                    .isInstanceOf(XksProxyUriUnreachableException.class);
            assertThatThrownBy(() -> createVpc(kms, "unknown-service", "unknown.xks.keyhold.test", PATH, SERVICE + "unknown",
                    XksProxyProcess.SECRET)).isInstanceOf(XksProxyVpcEndpointServiceNotFoundException.class);
            assertThat(kms.describeCustomKeyStores(r -> { }).customKeyStores())
                    .extracting(CustomKeyStoresListEntry::customKeyStoreName).doesNotContain("wrong-secret", "wrong-path",
                            "wrong-name", "nothing", "slow", "down", "unknown-service");

            String id = createPublic(kms, "updated", "updated." + HEALTHY_HOST, PATH, XksProxyProcess.SECRET);
            assertThatThrownBy(() -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).xksProxyUriPath(SLOW_PATH)))
                    .isInstanceOf(XksProxyUriUnreachableException.class);
            assertThat(describe(kms, id).xksProxyConfiguration().uriPath()).isEqualTo(PATH);
            kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id));
        }
    }

    @Test
    void everyConnectOutcomeTheProxyCanCauseEndsInItsConnectionErrorCode() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            assertConnect(kms, createVpc(kms, "vpc-works", "works.xks.keyhold.test", PATH, SERVICE + "works",
                    XksProxyProcess.SECRET), null);
            assertConnect(kms, createVpc(kms, "vpc-credential", "credential.xks.keyhold.test", PATH, SERVICE + "credential",
                    WRONG_SECRET), ConnectionErrorCodeType.INVALID_CREDENTIALS);
            assertConnect(kms, createVpc(kms, "vpc-path", "path.xks.keyhold.test", "/keyhold/nope/kms/xks/v1",
                    SERVICE + "path", XksProxyProcess.SECRET), ConnectionErrorCodeType.XKS_PROXY_INVALID_CONFIGURATION);
            assertConnect(kms, createVpc(kms, "vpc-name", "vpc.other-name.keyhold.test", PATH, SERVICE + "name",
                    XksProxyProcess.SECRET), ConnectionErrorCodeType.XKS_PROXY_INVALID_TLS_CONFIGURATION);
            assertConnect(kms, createVpc(kms, "vpc-slow", "slow.xks.keyhold.test", SLOW_PATH, SERVICE + "slow",
                    XksProxyProcess.SECRET), ConnectionErrorCodeType.XKS_PROXY_TIMED_OUT);
            assertConnect(kms, createVpc(kms, "vpc-nothing", "nothing.xks.keyhold.test", PATH, SERVICE + "nothing",
                    XksProxyProcess.SECRET), ConnectionErrorCodeType.XKS_PROXY_NOT_REACHABLE);
            assertConnect(kms, createVpc(kms, "vpc-down", DOWN_HOST, PATH, SERVICE + "down", XksProxyProcess.SECRET),
                    ConnectionErrorCodeType.XKS_PROXY_NOT_REACHABLE);
        }
    }

    @Test
    void proxyFaultsSurfaceAsKmsReportsThem() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            assertThatThrownBy(() -> createFaulty(kms, "denied", "ACCESS_DENIED"))
                    .isInstanceOf(XksProxyInvalidConfigurationException.class);
            assertThatThrownBy(() -> createFaulty(kms, "broken", "INTERNAL_ERROR"))
                    .isInstanceOf(XksProxyInvalidResponseException.class);
            assertThatThrownBy(() -> createFaulty(kms, "throttled", "THROTTLING"))
                    .isInstanceOf(XksProxyUriUnreachableException.class);
            assertThatThrownBy(() -> createFaulty(kms, "garbled", "MALFORMED_RESPONSE"))
                    .isInstanceOf(XksProxyInvalidResponseException.class);

            assertConnect(kms, createVpcFaulty(kms, "vpc-denied", "denied", "ACCESS_DENIED"),
                    ConnectionErrorCodeType.XKS_PROXY_ACCESS_DENIED);
            assertConnect(kms, createVpcFaulty(kms, "vpc-garbled", "garbled", "MALFORMED_RESPONSE"),
                    ConnectionErrorCodeType.XKS_PROXY_INVALID_RESPONSE);
        }
    }

    private static String createFaulty(KmsClient kms, String name, String fault) {
        return create(kms, name, XksProxyConnectivityType.PUBLIC_ENDPOINT, HEALTHY_HOST,
                XksProxyProcess.faultPrefix(fault) + "/kms/xks/v1", null, XksProxyProcess.faultAccessKeyId(fault),
                XksProxyProcess.SECRET);
    }

    private static String createVpcFaulty(KmsClient kms, String name, String service, String fault) {
        return create(kms, name, XksProxyConnectivityType.VPC_ENDPOINT_SERVICE, service + ".xks.keyhold.test",
                XksProxyProcess.faultPrefix(fault) + "/kms/xks/v1", SERVICE + service, XksProxyProcess.faultAccessKeyId(fault),
                XksProxyProcess.SECRET);
    }

    @Test
    void aVpcStoreRecoversFromFailedOnceItsCredentialIsFixed() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            String id = createVpc(kms, "vpc-recovers", "recovers.xks.keyhold.test", PATH, SERVICE + "recovers", WRONG_SECRET);
            assertConnect(kms, id, ConnectionErrorCodeType.INVALID_CREDENTIALS);
            assertThatThrownBy(() -> kms.connectCustomKeyStore(r -> r.customKeyStoreId(id)))
                    .isInstanceOf(CustomKeyStoreInvalidStateException.class);
            assertThatThrownBy(() -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).xksProxyAuthenticationCredential(
                    c -> c.accessKeyId(XksProxyProcess.ACCESS_KEY_ID).rawSecretAccessKey(XksProxyProcess.SECRET))))
                    .isInstanceOf(CustomKeyStoreInvalidStateException.class);

            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
            CustomKeyStoresListEntry disconnected = describe(kms, id);
            assertThat(disconnected.connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);
            assertThat(disconnected.connectionErrorCode()).isNull();
            kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).xksProxyAuthenticationCredential(
                    c -> c.accessKeyId(XksProxyProcess.ACCESS_KEY_ID).rawSecretAccessKey(XksProxyProcess.SECRET)));
            assertConnect(kms, id, null);

            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
            kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).newCustomKeyStoreName("vpc-recovered"));
            kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id));
            assertThatThrownBy(() -> describe(kms, id)).isInstanceOf(CustomKeyStoreNotFoundException.class);
        }
    }

    @Test
    void aConnectedStoreIsHealthCheckedAndStaysConnectedWhenItsProxyGoesAway() {
        try (KmsClient kms = KmsClients.forPort(port, "AKIDXKSHEALTH")) {
            String id = createPublic(kms, "checked", CHECKED_HOST, PATH, XksProxyProcess.SECRET);
            kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
            assertThat(awaitOutcome(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            await().atMost(Duration.ofSeconds(20)).until(() -> successfulHealthChecks() > 0);

            CHECKED.close();
            await().atMost(Duration.ofSeconds(20)).until(() -> healthEvents(id).stream()
                    .anyMatch(payload -> payload.contains("\"health\":\"UNREACHABLE\"")
                            && payload.contains("\"problem\":\"XKS_PROXY_NOT_REACHABLE\"")));
            assertThat(describe(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            assertThat(healthEvents(id)).hasSize(1);
        }
    }

    private long successfulHealthChecks() {
        return meters.find("keyhold.xks.proxy.requests").tag("kmsOperation", "KmsHealthCheck").tag("outcome", "success")
                .timers().stream().mapToLong(timer -> timer.count()).sum();
    }

    private List<String> healthEvents(String id) {
        return jdbc.query("select payload from domain_event_entry where aggregate_identifier = ? and payload_type like ?",
                (rs, row) -> new String(rs.getBytes(1)), id, "%KeyStoreHealthChanged");
    }

    private static void assertConnect(KmsClient kms, String id, ConnectionErrorCodeType expected) {
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        CustomKeyStoresListEntry outcome = awaitOutcome(kms, id);
        if (expected == null) {
            assertThat(outcome.connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
        } else {
            assertThat(outcome.connectionState()).as(outcome.customKeyStoreName()).isEqualTo(ConnectionStateType.FAILED);
            assertThat(outcome.connectionErrorCode()).as(outcome.customKeyStoreName()).isEqualTo(expected);
        }
    }
}
