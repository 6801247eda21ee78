package io.keyhold.server.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyhold.server.KeyholdApplication;
import io.keyhold.server.testsupport.KmsClients;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

/**
 * The zero-setup default: no datasource configured, an H2 file database under the data
 * directory. The lifecycle works and survives a restart.
 */
class EmbeddedDatabaseTest {

    @TempDir
    Path dataDir;

    @Test
    void theEmbeddedDefaultRunsTheLifecycleAndKeepsStoresAcrossARestart() throws IOException {
        String id;
        try (ConfigurableApplicationContext server = start(); KmsClient kms = client(server)) {
            assertThat(server.getEnvironment().getProperty("spring.datasource.url")).startsWith("jdbc:h2:file:");
            assertThat(dataDir.resolve("db/keyhold.mv.db")).exists();
            String trustAnchor = Files.readString(dataDir.resolve("clusters/cluster-keyholdlocal/customerCA.crt"));
            id = kms.createCustomKeyStore(r -> r.customKeyStoreName("embedded")
                    .cloudHsmClusterId("cluster-keyholdlocal")
                    .trustAnchorCertificate(trustAnchor)
                    .keyStorePassword("kmsuser-password")).customKeyStoreId();
            kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
            await().atMost(Duration.ofSeconds(20)).until(() -> describe(kms, id).connectionState() == ConnectionStateType.CONNECTED);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
            kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).newCustomKeyStoreName("embedded-renamed"));
        }
        try (ConfigurableApplicationContext server = start(); KmsClient kms = client(server)) {
            CustomKeyStoresListEntry store = describe(kms, id);
            assertThat(store.customKeyStoreName()).isEqualTo("embedded-renamed");
            assertThat(store.connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);
            kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
            await().atMost(Duration.ofSeconds(20)).until(() -> describe(kms, id).connectionState() == ConnectionStateType.CONNECTED);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(KeyholdApplication.class)
                .run("--server.port=0", "--keyhold.data-dir=" + dataDir);
    }

    private static KmsClient client(ConfigurableApplicationContext server) {
        return KmsClients.forPort(Integer.parseInt(server.getEnvironment().getProperty("local.server.port")));
    }

    private static CustomKeyStoresListEntry describe(KmsClient kms, String id) {
        return kms.describeCustomKeyStores(r -> r.customKeyStoreId(id)).customKeyStores().get(0);
    }
}
