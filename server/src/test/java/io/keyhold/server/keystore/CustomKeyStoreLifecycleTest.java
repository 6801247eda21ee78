package io.keyhold.server.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyhold.server.testsupport.KmsClients;
import io.keyhold.server.testsupport.TestDatabases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CustomKeyStoreLifecycleTest {

    private static final Path DATA_DIR = tempDir();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabases.freshDatabase().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("keyhold.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    static KmsClient kms;

    @BeforeAll
    static void noClientYet() {
        kms = null;
    }

    @AfterAll
    static void closeClient() {
        if (kms != null) {
            kms.close();
        }
    }

    private KmsClient kms() {
        if (kms == null) {
            kms = KmsClients.forPort(port);
        }
        return kms;
    }

    @Test
    void cloudHsmStoreConnectsDisconnectsAndIsDeleted() throws IOException {
        String trustAnchor = Files.readString(DATA_DIR.resolve("clusters/cluster-keyholdlocal/customerCA.crt"));
        String id = kms().createCustomKeyStore(r -> r.customKeyStoreName("lifecycle")
                .cloudHsmClusterId("cluster-keyholdlocal")
                .trustAnchorCertificate(trustAnchor)
                .keyStorePassword("kmsuser-password")).customKeyStoreId();
        assertThat(id).matches("cks-[0-9a-f]{17}");
        assertThat(describe(id).connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);

        kms().connectCustomKeyStore(r -> r.customKeyStoreId(id));
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(id).connectionState() == ConnectionStateType.CONNECTED);

        kms().disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(describe(id).connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);
        kms().deleteCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(kms().describeCustomKeyStores(r -> { }).customKeyStores()).isEmpty();
    }

    private CustomKeyStoresListEntry describe(String id) {
        return kms().describeCustomKeyStores(r -> r.customKeyStoreId(id)).customKeyStores().get(0);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("keyhold-test");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
