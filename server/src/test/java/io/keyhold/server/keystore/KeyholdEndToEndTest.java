package io.keyhold.server.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyhold.connector.hsm.HsmClusters;
import io.keyhold.connector.hsm.SimulatedHsmCluster;
import io.keyhold.connector.software.SoftwareHsmCluster;
import io.keyhold.server.testsupport.KmsClients;
import io.keyhold.server.testsupport.KeyholdTestProperties;
import io.keyhold.server.testsupport.UncheckedXksProxies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.XksProxyAuthenticationCredentialType;
import software.amazon.awssdk.services.kms.model.XksProxyConnectivityType;

/**
 * The one server every end-to-end test class talks to: a Spring context on a random port, a fresh
 * PostgreSQL database and a temporary data directory, shared by all subclasses (same configuration,
 * so Spring starts it once). Each test signs as its own {@link TestAccount}s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(UncheckedXksProxies.class)
abstract class KeyholdEndToEndTest {

    static final Path DATA_DIR = tempDir();

    static final String LOCAL_CLUSTER = "cluster-keyholdlocal";
    static final String INACTIVE_CLUSTER = "cluster-inactiveclustr";
    static final String SINGLE_HSM_CLUSTER = "cluster-singlehsmclstr";
    /** Matches the cluster id pattern, but no such cluster is declared. */
    static final String MISSING_CLUSTER = "cluster-doesnotexistz";
    static final String INITIAL_KMSUSER_PASSWORD = "kmsuser-password";

    static final String XKS_PATH = "/kms/xks/v1";
    static final String XKS_ACCESS_KEY_ID = "XKSPROXYACCESSKEYID2";
    static final String XKS_SECRET = "dGhpcy1pcy10aGUteGtzLXByb3h5LXNlY3JldC1rZXk=";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Map<TestAccount, KmsClient> CLIENTS = new ConcurrentHashMap<>();

    @DynamicPropertySource
    static void keyhold(DynamicPropertyRegistry registry) {
        KeyholdTestProperties.isolated(registry, DATA_DIR);
        KeyholdTestProperties.defaultCredential(registry);
        for (TestAccount account : TestAccount.values()) {
            int index = account.ordinal() + 1;
            KeyholdTestProperties.credential(registry, index, account.accessKeyId(), account.accountId());
            registry.add("keyhold.credentials[" + index + "].principal", account::principal);
            for (int policy = 0; policy < account.policies().size(); policy++) {
                String document = account.policies().get(policy);
                registry.add("keyhold.credentials[" + index + "].policies[" + policy + "]", () -> document);
            }
        }
        registry.add("keyhold.clusters[" + INACTIVE_CLUSTER + "].active", () -> "false");
        registry.add("keyhold.clusters[" + SINGLE_HSM_CLUSTER + "].hsms", () -> "1");
    }

    @LocalServerPort
    int port;

    @Autowired
    HsmClusters hsmClusters;

    @Autowired
    JdbcTemplate jdbc;

    @AfterAll
    static void closeClients() {
        CLIENTS.values().forEach(KmsClient::close);
        CLIENTS.clear();
    }

    KmsClient kms(TestAccount account) {
        return CLIENTS.computeIfAbsent(account,
                a -> KmsClients.forPort(port, a.accessKeyId()));
    }

    RawKmsHttp raw() {
        return new RawKmsHttp(port);
    }

    // ---- clusters

    /**
     * The software cluster's trust anchor as this server keeps it (the copy in the data directory is
     * rewritten by any other server started on the same directory with another database).
     */
    String trustAnchor(String clusterId) {
        return jdbc.queryForObject("select trust_anchor_pem from software_hsm_cluster where cluster_id = ?",
                String.class, clusterId);
    }

    SoftwareHsmCluster cluster(String clusterId) {
        return (SoftwareHsmCluster) ((SimulatedHsmCluster) hsmClusters.find(clusterId).orElseThrow()).declared();
    }

    /** What a cluster administrator does before handing kmsuser's password to a key store. */
    void setKmsUserPassword(String password) {
        cluster(LOCAL_CLUSTER).setKmsUserPassword(password);
    }

    // ---- stores

    String createCloudHsmStore(TestAccount account, String name, String password) {
        return kms(account).createCustomKeyStore(r -> r.customKeyStoreName(name)
                .cloudHsmClusterId(LOCAL_CLUSTER)
                .trustAnchorCertificate(trustAnchor(LOCAL_CLUSTER))
                .keyStorePassword(password)).customKeyStoreId();
    }

    String createPublicXksStore(TestAccount account, String name, String endpoint, String path) {
        return kms(account).createCustomKeyStore(r -> r.customKeyStoreName(name)
                .customKeyStoreType(CustomKeyStoreType.EXTERNAL_KEY_STORE)
                .xksProxyConnectivity(XksProxyConnectivityType.PUBLIC_ENDPOINT)
                .xksProxyUriEndpoint(endpoint)
                .xksProxyUriPath(path)
                .xksProxyAuthenticationCredential(xksCredential())).customKeyStoreId();
    }

    String createVpcXksStore(TestAccount account, String name, String endpoint, String serviceName) {
        return kms(account).createCustomKeyStore(r -> r.customKeyStoreName(name)
                .customKeyStoreType(CustomKeyStoreType.EXTERNAL_KEY_STORE)
                .xksProxyConnectivity(XksProxyConnectivityType.VPC_ENDPOINT_SERVICE)
                .xksProxyUriEndpoint(endpoint)
                .xksProxyUriPath(XKS_PATH)
                .xksProxyVpcEndpointServiceName(serviceName)
                .xksProxyAuthenticationCredential(xksCredential())).customKeyStoreId();
    }

    static XksProxyAuthenticationCredentialType xksCredential() {
        return XksProxyAuthenticationCredentialType.builder()
                .accessKeyId(XKS_ACCESS_KEY_ID)
                .rawSecretAccessKey(XKS_SECRET)
                .build();
    }

    /** A CloudHSM store on the software cluster, connected. */
    String connectedStore(TestAccount account, String name) {
        String password = name + "-pw-" + next();
        setKmsUserPassword(password);
        String storeId = createCloudHsmStore(account, name, password);
        kms(account).connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        awaitConnectOutcome(account, storeId, ConnectionStateType.CONNECTED);
        return storeId;
    }

    CustomKeyStoresListEntry describe(TestAccount account, String storeId) {
        var stores = kms(account).describeCustomKeyStores(r -> r.customKeyStoreId(storeId)).customKeyStores();
        assertThat(stores).hasSize(1);
        return stores.get(0);
    }

    /** Waits for an asynchronous connect to settle, then expects {@code expected}. */
    CustomKeyStoresListEntry awaitConnectOutcome(TestAccount account, String storeId, ConnectionStateType expected) {
        CustomKeyStoresListEntry entry = await().atMost(CONNECT_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> describe(account, storeId), e -> e.connectionState() != ConnectionStateType.CONNECTING);
        assertThat(entry.connectionState()).as("state of %s after connecting", storeId).isEqualTo(expected);
        return entry;
    }

    int eventCount(String storeId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Integer.class, storeId);
    }

    // ---- values unique in the whole (shared) server

    static int next() {
        return SEQUENCE.incrementAndGet();
    }

    static String uniqueEndpoint(String label) {
        return "https://" + label + "-" + next() + ".xks.example.com";
    }

    static String uniqueVpcServiceName() {
        return String.format("com.amazonaws.vpce.us-east-1.vpce-svc-0e2e%013d", next());
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("keyhold-e2e");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
