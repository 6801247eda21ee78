package io.keyhold.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.keyhold.server.testsupport.KeyholdTestProperties;
import io.keyhold.server.testsupport.KmsClients;
import io.keyhold.server.testsupport.SigV4Signing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CloudHsmClusterInvalidConfigurationException;
import software.amazon.awssdk.services.kms.model.CloudHsmClusterNotActiveException;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

/** An operator changes a cluster at run time or unlocks kmsuser, and KMS's CloudHSM conditions follow, through the AWS SDK. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "keyhold.xks.health-check-interval=1s")
class ClusterSimulationEndToEndTest {

    private static final String CLUSTER = "cluster-simulatedAbc";
    /** kmsuser belongs to the cluster: each test connects through its own. */
    private static final String HSMS_CLUSTER = "cluster-simulatedDef";
    /** The built-in software cluster every Keyhold declares. */
    private static final String LOCAL_CLUSTER = "cluster-keyholdlocal";
    private static final String KMSUSER_PASSWORD = "kmsuser-password";
    private static Path dataDir;

    @DynamicPropertySource
    static void keyhold(DynamicPropertyRegistry registry) throws IOException {
        dataDir = Files.createTempDirectory("keyhold-simulation");
        KeyholdTestProperties.isolated(registry, dataDir);
        registry.add("keyhold.clusters[" + CLUSTER + "].initial-kms-user-password", () -> KMSUSER_PASSWORD);
        registry.add("keyhold.clusters[" + HSMS_CLUSTER + "].initial-kms-user-password", () -> KMSUSER_PASSWORD);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void resetClusters() throws Exception {
        assertThat(admin(CLUSTER, "DELETE", "").statusCode()).isEqualTo(204);
        assertThat(admin(HSMS_CLUSTER, "DELETE", "").statusCode()).isEqualTo(204);
    }

    @Test
    void injectedConnectFailuresEndInTheirConnectionErrorCode() throws Exception {
        try (KmsClient kms = KmsClients.forPort(port)) {
            String id = create(kms, CLUSTER, "injected");
            for (String failure : List.of("USER_LOGGED_IN", "SUBNET_NOT_FOUND", "INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET",
                    "INTERNAL_ERROR")) {
                assertThat(admin(CLUSTER, "PUT", "{\"connectFailure\":\"" + failure + "\"}").statusCode()).isEqualTo(200);
                CustomKeyStoresListEntry store = connect(kms, id);
                assertThat(store.connectionState()).isEqualTo(ConnectionStateType.FAILED);
                assertThat(store.connectionErrorCodeAsString()).isEqualTo(failure);
                kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
            }
            // the injected failures stopped before any login: the original password still works
            admin(CLUSTER, "DELETE", "");
            assertThat(connect(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        }
    }

    @Test
    void theClustersHsmsDecideCreateConnectAndHealth() throws Exception {
        try (KmsClient kms = KmsClients.forPort(port)) {
            String id = create(kms, HSMS_CLUSTER, "hsms");

            admin(HSMS_CLUSTER, "PUT", "{\"hsms\":0}");
            assertThat(connect(kms, id).connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.INSUFFICIENT_CLOUDHSM_HSMS);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));

            admin(HSMS_CLUSTER, "PUT", "{\"active\":false}");
            assertThatThrownBy(() -> kms.connectCustomKeyStore(r -> r.customKeyStoreId(id)))
                    .isInstanceOf(CloudHsmClusterNotActiveException.class);
            assertThat(describe(kms, id).connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);

            admin(HSMS_CLUSTER, "PUT", "{\"hsms\":1}");
            assertThatThrownBy(() -> create(kms, HSMS_CLUSTER, "one-hsm"))
                    .isInstanceOf(CloudHsmClusterInvalidConfigurationException.class);

            admin(HSMS_CLUSTER, "DELETE", "");
            assertThat(connect(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            // a healthy cluster: several checks (every second) record nothing
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> healthEvents(id).isEmpty());
            admin(HSMS_CLUSTER, "PUT", "{\"hsms\":0}");
            await().atMost(Duration.ofSeconds(20)).until(() -> healthEvents(id).stream()
                    .anyMatch(payload -> payload.contains("\"health\":\"UNAVAILABLE\"")));
            assertThat(describe(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        }
    }

    @Test
    void fiveWrongPasswordsLockKmsUserOutOfTheSoftwareClusterUntilAnOperatorUnlocksIt() throws Exception {
        try (KmsClient kms = KmsClients.forPort(port)) {
            String id = create(kms, LOCAL_CLUSTER, "locked-out", "not-kmsusers-password");
            for (int attempt = 1; attempt <= 4; attempt++) {
                assertThat(connect(kms, id).connectionErrorCode()).as("attempt " + attempt)
                        .isEqualTo(ConnectionErrorCodeType.INVALID_CREDENTIALS);
                kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
            }
            assertThat(connect(kms, id).connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.USER_LOCKED_OUT);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));

            kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).keyStorePassword(KMSUSER_PASSWORD));
            assertThat(connect(kms, id).connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.USER_LOCKED_OUT);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
            assertThat(admin(LOCAL_CLUSTER, "GET", "").body()).contains("\"failedLogins\":5", "\"locked\":true");

            assertThat(unlock(LOCAL_CLUSTER, true).statusCode()).isEqualTo(204);
            assertThat(connect(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        }
    }

    @Test
    void theAdminEndpointNeedsACallerAKnownClusterAndAValidState() throws Exception {
        HttpResponse<String> described = admin(CLUSTER, "GET", "");
        assertThat(described.statusCode()).isEqualTo(200);
        assertThat(described.body()).contains("\"activeHsms\":2", "\"clusterId\":\"" + CLUSTER + "\"",
                "\"failedLogins\":0", "\"locked\":false");

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri(CLUSTER)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(400);
        assertThat(anonymous.body()).contains("MissingAuthenticationToken");
        HttpResponse<String> anonymousUnlock = unlock(CLUSTER, false);
        assertThat(anonymousUnlock.statusCode()).isEqualTo(400);
        assertThat(anonymousUnlock.body()).contains("MissingAuthenticationToken");

        HttpResponse<String> forged = http.send(SigV4Signing.withHeaders(HttpRequest.newBuilder(uri(CLUSTER)).GET(),
                SigV4Signing.as("test").withSecret("not-the-secret").headers(port, "GET", uri(CLUSTER).getRawPath(),
                        Map.of(), new byte[0])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("InvalidSignatureException");

        HttpResponse<String> unknown = admin("cluster-unknownXyzab", "GET", "");
        assertThat(unknown.body()).contains("CloudHsmClusterNotFoundException");
        HttpResponse<String> unknownUnlock = unlock("cluster-unknownXyzab", true);
        assertThat(unknownUnlock.statusCode()).isEqualTo(unknown.statusCode());
        assertThat(unknownUnlock.body()).contains("CloudHsmClusterNotFoundException");

        HttpResponse<String> invalid = admin(CLUSTER, "PUT", "{\"connectFailure\":\"INVALID_CREDENTIALS\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
    }

    private List<String> healthEvents(String id) {
        return jdbc.queryForList("select payload from domain_event_entry where aggregate_identifier = ? and payload_type like ?",
                byte[].class, id, "%KeyStoreHealthChanged").stream().map(String::new).toList();
    }

    /** An admin call signed as the development identity, as for KMS calls. */
    private HttpResponse<String> admin(String clusterId, String method, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(clusterId))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes));
        return http.send(SigV4Signing.withHeaders(request, SigV4Signing.as("test").headers(port, method,
                uri(clusterId).getRawPath(), Map.of("Content-Type", "application/json"), bytes)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What a crypto officer's reset of kmsuser's password does in CloudHSM; signed or anonymous. */
    private HttpResponse<String> unlock(String clusterId, boolean signed) throws Exception {
        URI uri = URI.create("http://localhost:" + port + "/admin/clusters/" + clusterId + "/kmsuser-lockout");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).DELETE();
        if (signed) {
            SigV4Signing.withHeaders(request, SigV4Signing.as("test").headers(port, "DELETE", uri.getRawPath(), Map.of(),
                    new byte[0]));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String clusterId) {
        return URI.create("http://localhost:" + port + "/admin/clusters/" + clusterId + "/simulation");
    }

    private static String create(KmsClient kms, String clusterId, String name) throws IOException {
        return create(kms, clusterId, name, KMSUSER_PASSWORD);
    }

    private static String create(KmsClient kms, String clusterId, String name, String password) throws IOException {
        String trustAnchor = Files.readString(dataDir.resolve("clusters").resolve(clusterId).resolve("customerCA.crt"));
        return kms.createCustomKeyStore(r -> r.customKeyStoreName(name).cloudHsmClusterId(clusterId)
                .trustAnchorCertificate(trustAnchor).keyStorePassword(password)).customKeyStoreId();
    }

    private static CustomKeyStoresListEntry connect(KmsClient kms, String id) {
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> describe(kms, id), store -> store.connectionState() != ConnectionStateType.CONNECTING);
    }

    private static CustomKeyStoresListEntry describe(KmsClient kms, String id) {
        return kms.describeCustomKeyStores(r -> r.customKeyStoreId(id)).customKeyStores().get(0);
    }
}
