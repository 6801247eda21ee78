package io.keyhold.server.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.XksProxySettings;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.HealthReport;
import io.keyhold.connector.KeyStoreConnector;
import io.keyhold.connector.xks.XksProxyProbe;
import io.keyhold.server.testsupport.KmsClients;
import io.keyhold.server.testsupport.KeyholdTestProperties;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.XksProxyConnectivityType;

/**
 * A connection attempt that never answers is failed by the saga's persistent deadline (a row in
 * db-scheduler's {@code scheduled_tasks}), not left CONNECTING forever; and the
 * KeyStoreConnectionFailed it causes names the caller and the Connect request like every other
 * event. Needs its own server, whose XKS connector hangs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.main.allow-bean-definition-overriding=true",
        "keyhold.connect-timeout=6s"})
class ConnectDeadlineTest {

    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        KeyholdTestProperties.isolated(registry, Files.createTempDirectory("keyhold-connect-deadline"));
        KeyholdTestProperties.credential(registry, 0, "AKIDTIMEOUTAUDIT", "200000000001");
        registry.add("keyhold.credentials[0].principal", () -> "operator");
        registry.add("keyhold.credentials[0].policies[0]",
                () -> "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}");
    }

    /** An XKS proxy that never answers a connect, until the test class is done. */
    @TestConfiguration
    static class SilentXksProxyConfig {

        @Bean
        SilentXksProxy xksConnector() {
            return new SilentXksProxy();
        }
    }

    static class SilentXksProxy implements KeyStoreConnector, XksProxyProbe {

        @Override
        public CustomKeyStoreType type() {
            return CustomKeyStoreType.EXTERNAL_KEY_STORE;
        }

        @Override
        public ConnectorSession open(ConnectionTarget target, String credential, String requestId) {
            try {
                RELEASE.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("released after the test");
        }

        @Override
        public ConnectorSession attach(ConnectionTarget target, String credential) throws ConnectionFailedException {
            throw new ConnectionFailedException(ConnectionErrorCode.XKS_PROXY_TIMED_OUT, "the silent proxy never connects");
        }

        @Override
        public HealthReport checkHealth(ConnectionTarget target, String credential, String requestId) {
            return HealthReport.unreachable(ConnectionErrorCode.XKS_PROXY_TIMED_OUT);
        }

        @Override
        public void check(XksProxySettings settings, String secretAccessKey, String requestId, String kmsOperation) {
            // creating the store must succeed: only its connect hangs
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @AfterAll
    static void release() {
        RELEASE.countDown();
    }

    @Test
    void aConnectThatHangsFailsAtItsPersistentDeadlineAndKeepsTheAuditTrail() throws IOException {
        try (KmsClient kms = KmsClients.forPort(port, "AKIDTIMEOUTAUDIT")) {
            String id = kms.createCustomKeyStore(r -> r.customKeyStoreName("silent-proxy")
                    .customKeyStoreType("EXTERNAL_KEY_STORE")
                    .xksProxyConnectivity(XksProxyConnectivityType.PUBLIC_ENDPOINT)
                    .xksProxyUriEndpoint("https://silent.xks.example.com")
                    .xksProxyUriPath("/kms/xks/v1")
                    .xksProxyAuthenticationCredential(c -> c.accessKeyId("XKSPROXYACCESSKEYID2")
                            .rawSecretAccessKey("dGhpcy1pcy10aGUteGtzLXByb3h5LXNlY3JldC1rZXk=")))
                    .customKeyStoreId();
            String connectRequest = kms.connectCustomKeyStore(r -> r.customKeyStoreId(id)).responseMetadata().requestId();
            await().atMost(Duration.ofSeconds(6)).until(() -> jdbc.queryForObject(
                    "select count(*) from scheduled_tasks where task_name = 'AxonDeadline'", Integer.class) == 1);

            CustomKeyStoresListEntry failed = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> describe(kms, id), e -> e.connectionState() != ConnectionStateType.CONNECTING);
            assertThat(failed.connectionState()).isEqualTo(ConnectionStateType.FAILED);
            assertThat(failed.connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.XKS_PROXY_TIMED_OUT);
            assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks", Integer.class)).isZero();

            List<Map.Entry<String, String>> events = jdbc.query(
                    "select payload_type, meta_data from domain_event_entry where aggregate_identifier = ? order by sequence_number",
                    (rs, row) -> Map.entry(rs.getString(1).substring(rs.getString(1).lastIndexOf('.') + 1),
                            rs.getBytes(2) == null ? "{}" : new String(rs.getBytes(2), StandardCharsets.UTF_8)), id);
            assertThat(events).extracting(Map.Entry::getKey)
                    .containsExactly("CustomKeyStoreCreated", "KeyStoreConnecting", "KeyStoreConnectionFailed");
            for (Map.Entry<String, String> event : events) {
                JsonNode metaData = JSON.readTree(event.getValue());
                assertThat(metaData.path("accountId").asText()).as(event.toString()).isEqualTo("200000000001");
                assertThat(metaData.path("principalArn").asText()).as(event.toString())
                        .isEqualTo("arn:aws:iam::200000000001:user/operator");
                if (!event.getKey().equals("CustomKeyStoreCreated")) {
                    assertThat(metaData.path("requestId").asText()).as(event.toString()).isEqualTo(connectRequest);
                }
                assertThat(metaData.path("sourceIp").asText()).as(event.toString()).isNotBlank();
                assertThat(metaData.path("userAgent").asText()).as(event.toString()).startsWith("aws-sdk-java/");
            }
        }
    }

    private static CustomKeyStoresListEntry describe(KmsClient kms, String id) {
        return kms.describeCustomKeyStores(r -> r.customKeyStoreId(id)).customKeyStores().get(0);
    }
}
