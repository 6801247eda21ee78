package io.keyhold.server.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyhold.server.KeyholdApplication;
import io.keyhold.server.testsupport.KeyholdTestProperties;
import io.keyhold.server.testsupport.KmsClients;
import io.keyhold.server.testsupport.TestDatabases;
import io.keyhold.server.testsupport.UncheckedXksProxies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreNameInUseException;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreNotFoundException;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.XksProxyConnectivityType;

/**
 * Two Keyhold nodes on one PostgreSQL database, as in production: concurrent commands on both
 * nodes lose nothing, set-based rules hold under races, and a restarted node sees every store.
 */
class TwoNodesOnOneDatabaseTest {

    private static final int PARALLELISM = 8;

    private static Map<String, String> database;
    private static Path dataDir;
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;
    private static KmsClient kmsA;
    private static KmsClient kmsB;
    private static ExecutorService pool;

    @BeforeAll
    static void startTwoNodes() throws IOException {
        database = TestDatabases.freshDatabase();
        dataDir = Files.createTempDirectory("keyhold-two-nodes");
        nodeA = startNode("node-a");
        nodeB = startNode("node-b");
        kmsA = client(nodeA);
        kmsB = client(nodeB);
        pool = Executors.newFixedThreadPool(PARALLELISM);
    }

    @AfterAll
    static void stopNodes() {
        pool.shutdownNow();
        kmsA.close();
        kmsB.close();
        nodeA.close();
        if (nodeB.isActive()) {
            nodeB.close();
        }
    }

    @Test
    void concurrentUpdatesOfOneStoreOnBothNodesAreAllApplied() throws Exception {
        String id = createXks(kmsA, "account-0", "renamed-base", "https://renames.example.com", "/kms/xks/v1");
        int renames = 24;
        List<Future<Object>> results = runConcurrently(renames, i -> (i % 2 == 0 ? kmsA : kmsB)
                .updateCustomKeyStore(r -> r.customKeyStoreId(id).newCustomKeyStoreName("renamed-" + i)));
        for (Future<Object> result : results) {
            result.get();
        }
        List<Long> sequence = jdbc().queryForList(
                "select sequence_number from domain_event_entry where aggregate_identifier = ? order by sequence_number",
                Long.class, id);
        assertThat(sequence).containsExactlyElementsOf(IntStream.rangeClosed(0, renames).mapToObj(Long::valueOf).toList());
        String finalName = describe(kmsB, id).customKeyStoreName();
        String lastRename = jdbc().queryForObject("select payload from domain_event_entry where aggregate_identifier = ? "
                + "and sequence_number = ?", (rs, row) -> new String(rs.getBytes(1)), id, (long) renames);
        assertThat(lastRename).contains("\"customKeyStoreName\":\"" + finalName + "\"");
    }

    @Test
    void conflictingDeletesOnBothNodesHaveExactlyOneWinner() throws Exception {
        String id = createXks(kmsA, "account-1", "deleted-twice", "https://deletes.example.com", "/kms/xks/v1");
        List<Future<Object>> results = runConcurrently(2, i -> (i == 0 ? kmsA : kmsB)
                .deleteCustomKeyStore(r -> r.customKeyStoreId(id)));
        List<Throwable> failures = failures(results);
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0)).isInstanceOf(CustomKeyStoreNotFoundException.class);
        assertThat(kmsB.describeCustomKeyStores(r -> { }).customKeyStores())
                .extracting(CustomKeyStoresListEntry::customKeyStoreId).doesNotContain(id);
    }

    @Test
    void concurrentCreatesWithOneNameOnBothNodesHaveExactlyOneWinner() throws Exception {
        int attempts = 12;
        List<Future<Object>> results = runConcurrently(attempts, i -> createXks(i % 2 == 0 ? kmsA : kmsB,
                "account-2", "contested-name", "https://contested-" + i + ".example.com", "/kms/xks/v1"));
        List<Throwable> failures = failures(results);
        assertThat(failures).hasSize(attempts - 1).allMatch(CustomKeyStoreNameInUseException.class::isInstance);
        assertThat(jdbc().queryForObject("select count(*) from custom_key_store_view where custom_key_store_name = ?",
                Integer.class, "contested-name")).isEqualTo(1);
    }

    @Test
    void concurrentCreatesOnBothNodesNeverExceedTheQuota() throws Exception {
        KmsClient quotaA = client(nodeA, "AKIDQUOTA");
        KmsClient quotaB = client(nodeB, "AKIDQUOTA");
        int attempts = 16;
        List<Future<Object>> results = runConcurrently(attempts, i -> createXks(i % 2 == 0 ? quotaA : quotaB,
                "quota", "quota-" + i, "https://quota-" + i + ".example.com", "/kms/xks/v1"));
        List<Throwable> failures = failures(results);
        assertThat(failures).hasSize(attempts - 10).allMatch(LimitExceededException.class::isInstance);
        assertThat(quotaB.describeCustomKeyStores(r -> { }).customKeyStores()).hasSize(10);
    }

    @Test
    void aRestartedNodeSeesEveryStoreInItsLastState() throws Exception {
        KmsClient restartClient = client(nodeB, "AKIDRESTART");
        String kept = createXks(restartClient, "restart", "kept", "https://kept.example.com", "/kms/xks/v1");
        String renamed = createXks(restartClient, "restart", "before", "https://renamed.example.com", "/kms/xks/v1");
        restartClient.updateCustomKeyStore(r -> r.customKeyStoreId(renamed).newCustomKeyStoreName("after"));
        List<CustomKeyStoresListEntry> before = restartClient.describeCustomKeyStores(r -> { }).customKeyStores();

        nodeB.close();
        nodeB = startNode("node-b");
        KmsClient restarted = client(nodeB, "AKIDRESTART");
        kmsB = client(nodeB);

        List<CustomKeyStoresListEntry> after = restarted.describeCustomKeyStores(r -> { }).customKeyStores();
        assertThat(after).containsExactlyElementsOf(before);
        assertThat(after).extracting(CustomKeyStoresListEntry::customKeyStoreId).containsExactly(kept, renamed);
        assertThat(after.get(1).customKeyStoreName()).isEqualTo("after");
        assertThat(after).allMatch(store -> store.connectionState() == ConnectionStateType.DISCONNECTED);
    }

    private static String createXks(KmsClient kms, String prefix, String name, String endpoint, String path) {
        return kms.createCustomKeyStore(r -> r.customKeyStoreName(name)
                .customKeyStoreType("EXTERNAL_KEY_STORE")
                .xksProxyConnectivity(XksProxyConnectivityType.PUBLIC_ENDPOINT)
                .xksProxyUriEndpoint(endpoint)
                .xksProxyUriPath(path)
                .xksProxyAuthenticationCredential(c -> c.accessKeyId("ABCDEFGHIJKLMNOPQRST")
                        .rawSecretAccessKey("secretsecretsecretsecretsecretsecretsecret0" + prefix.length())))
                .customKeyStoreId();
    }

    private static CustomKeyStoresListEntry describe(KmsClient kms, String id) {
        return kms.describeCustomKeyStores(r -> r.customKeyStoreId(id)).customKeyStores().get(0);
    }

    private static List<Future<Object>> runConcurrently(int count, Function<Integer, Object> call) throws InterruptedException {
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            tasks.add(() -> call.apply(index));
        }
        return pool.invokeAll(tasks);
    }

    private static List<Throwable> failures(List<Future<Object>> results) throws InterruptedException {
        List<Throwable> failures = new ArrayList<>();
        for (Future<Object> result : results) {
            try {
                result.get();
            } catch (ExecutionException e) {
                failures.add(e.getCause());
            }
        }
        failures.stream().filter(f -> !(f instanceof KmsException)).findAny().ifPresent(f -> {
            throw new AssertionError("unexpected failure", f);
        });
        return failures;
    }

    private static JdbcTemplate jdbc() {
        return nodeA.getBean(JdbcTemplate.class);
    }

    private static ConfigurableApplicationContext startNode(String nodeId) {
        Map<String, Object> properties = new HashMap<>(database);
        properties.put("server.port", "0");
        properties.put("keyhold.node-id", nodeId);
        properties.put("keyhold.data-dir", dataDir.toString());
        properties.putAll(KeyholdTestProperties.credentialProperties(0, "test", "000000000000"));
        properties.putAll(KeyholdTestProperties.credentialProperties(1, "AKIDQUOTA", "222222222222"));
        properties.putAll(KeyholdTestProperties.credentialProperties(2, "AKIDRESTART", "333333333333"));
        return new SpringApplicationBuilder(KeyholdApplication.class, UncheckedXksProxies.class)
                .run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
    }

    private static KmsClient client(ConfigurableApplicationContext node) {
        return client(node, "test");
    }

    private static KmsClient client(ConfigurableApplicationContext node, String accessKeyId) {
        int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
        return KmsClients.forPort(port, accessKeyId);
    }
}
