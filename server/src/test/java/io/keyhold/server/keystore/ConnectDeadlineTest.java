package io.keyhold.server.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.KeyStoreConnector;
import io.keyhold.server.testsupport.KmsClients;
import io.keyhold.server.testsupport.TestDatabases;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
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

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.XksProxyConnectivityType;

/**
 * A connection attempt that never answers is failed by the saga's persistent deadline
 * (db-scheduler's {@code scheduled_tasks}), not left CONNECTING forever.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.main.allow-bean-definition-overriding=true", "keyhold.connect-timeout=2s"})
class ConnectDeadlineTest {

    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        TestDatabases.freshDatabase().forEach((key, value) -> registry.add(key, () -> value));
        String dataDir = Files.createTempDirectory("keyhold-deadline").toString();
        registry.add("keyhold.data-dir", () -> dataDir);
    }

    /** Replaces the XKS connector with one that hangs until the test ends. */
    @TestConfiguration
    static class HangingXksProxy {

        @Bean
        KeyStoreConnector xksConnector() {
            return new KeyStoreConnector() {
                @Override
                public CustomKeyStoreType type() {
                    return CustomKeyStoreType.EXTERNAL_KEY_STORE;
                }

                @Override
                public ConnectorSession open(ConnectionTarget target, String credential) {
                    try {
                        RELEASE.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IllegalStateException("released after the test");
                }
            };
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
    void aConnectThatHangsFailsWhenItsPersistentDeadlinePasses() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            String id = kms.createCustomKeyStore(r -> r.customKeyStoreName("hangs")
                    .customKeyStoreType("EXTERNAL_KEY_STORE")
                    .xksProxyConnectivity(XksProxyConnectivityType.PUBLIC_ENDPOINT)
                    .xksProxyUriEndpoint("https://hangs.example.com")
                    .xksProxyUriPath("/kms/xks/v1")
                    .xksProxyAuthenticationCredential(c -> c.accessKeyId("ABCDEFGHIJKLMNOPQRST")
                            .rawSecretAccessKey("c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2Vj")))
                    .customKeyStoreId();
            kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));

            assertThat(describe(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTING);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    jdbc.queryForObject("select count(*) from scheduled_tasks where task_name = 'AxonDeadline'", Integer.class) == 1);

            await().atMost(Duration.ofSeconds(20)).until(() -> describe(kms, id).connectionState() == ConnectionStateType.FAILED);
            CustomKeyStoresListEntry failed = describe(kms, id);
            assertThat(failed.connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.XKS_PROXY_TIMED_OUT);
            assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks", Integer.class)).isZero();
        }
    }

    private static CustomKeyStoresListEntry describe(KmsClient kms, String id) {
        return kms.describeCustomKeyStores(r -> r.customKeyStoreId(id)).customKeyStores().get(0);
    }
}
