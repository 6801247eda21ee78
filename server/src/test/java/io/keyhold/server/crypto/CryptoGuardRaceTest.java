package io.keyhold.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyhold.connector.hsm.HsmClusters;
import io.keyhold.connector.hsm.SimulatedHsmCluster;
import io.keyhold.connector.software.SoftwareHsmCluster;
import io.keyhold.server.KeyholdApplication;
import io.keyhold.server.testsupport.KeyholdTestProperties;
import io.keyhold.server.testsupport.KmsClients;
import io.keyhold.server.testsupport.TestDatabases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * The crypto guard's invariant under load: once DisconnectCustomKeyStore has returned on any node,
 * no Encrypt that starts afterwards succeeds on any node — until the next Connect is sent. Threads
 * encrypt without pause through two nodes sharing one PostgreSQL database while another thread
 * connects and disconnects the store, alternating nodes; every call is timed on one clock.
 */
class CryptoGuardRaceTest {

    private static final int ENCRYPTING_THREADS = 6;
    private static final int CYCLES = 10;
    private static final String TWO_NODES = "AKIDGUARDRACETWO";
    private static final String ONE_NODE = "AKIDGUARDRACEONE";
    private static final SdkBytes PLAINTEXT = SdkBytes.fromUtf8String("guarded");

    private static Path dataDir;
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;

    /** One Encrypt: when it was sent and whether it succeeded. */
    private record Call(long startedNanos, boolean succeeded) {
    }

    /** When a Disconnect returned and when the following Connect was sent. */
    private record ClosedWindow(long disconnectReturnedNanos, long nextConnectSentNanos) {
    }

    @BeforeAll
    static void startTwoNodes() throws IOException {
        Map<String, String> database = TestDatabases.freshDatabase();
        dataDir = Files.createTempDirectory("keyhold-guard-race");
        nodeA = startNode(database, "node-a");
        nodeB = startNode(database, "node-b");
    }

    @AfterAll
    static void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void noEncryptStartedAfterADisconnectReturnedSucceedsOnEitherNode() throws Exception {
        try (KmsClient kmsA = client(nodeA, TWO_NODES); KmsClient kmsB = client(nodeB, TWO_NODES)) {
            assertGuardHolds(List.of(kmsA, kmsB));
        }
    }

    @Test
    void noEncryptStartedAfterADisconnectReturnedSucceedsOnOneNode() throws Exception {
        try (KmsClient kms = client(nodeA, ONE_NODE)) {
            assertGuardHolds(List.of(kms));
        }
    }

    /** Each test has its own account, so each can put a store on the one software cluster. */
    private void assertGuardHolds(List<KmsClient> nodes) throws Exception {
        KmsClient admin = nodes.get(0);
        String trustAnchor = Files.readString(dataDir.resolve("clusters/cluster-keyholdlocal/customerCA.crt"));
        String password = "race-pw-" + System.nanoTime();
        ((SoftwareHsmCluster) ((SimulatedHsmCluster) nodeA.getBean(HsmClusters.class).find("cluster-keyholdlocal")
                .orElseThrow()).declared()).setKmsUserPassword(password);
        String storeId = admin.createCustomKeyStore(r -> r.customKeyStoreName("guard-race")
                .cloudHsmClusterId("cluster-keyholdlocal").trustAnchorCertificate(trustAnchor)
                .keyStorePassword(password)).customKeyStoreId();
        connect(admin, storeId);
        String keyId = admin.createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.AWS_CLOUDHSM))
                .keyMetadata().keyId();

        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger successes = new AtomicInteger();
        AtomicInteger refusals = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(ENCRYPTING_THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < ENCRYPTING_THREADS; t++) {
            KmsClient kms = nodes.get(t % nodes.size());
            workers.add(pool.submit(() -> {
                while (running.get()) {
                    long started = System.nanoTime();
                    try {
                        kms.encrypt(r -> r.keyId(keyId).plaintext(PLAINTEXT));
                        calls.add(new Call(started, true));
                        successes.incrementAndGet();
                    } catch (KmsInvalidStateException e) {
                        calls.add(new Call(started, false));
                        refusals.incrementAndGet();
                    } catch (RuntimeException e) {
                        unexpected.add(e);
                    }
                }
            }));
        }

        List<ClosedWindow> windows = new ArrayList<>();
        try {
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                KmsClient control = nodes.get(cycle % nodes.size());
                int successesBefore = successes.get();
                await().atMost(Duration.ofSeconds(20)).until(() -> successes.get() >= successesBefore + ENCRYPTING_THREADS);
                control.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
                long disconnectReturned = System.nanoTime();
                int refusalsBefore = refusals.get();
                await().atMost(Duration.ofSeconds(20)).until(() -> refusals.get() >= refusalsBefore + ENCRYPTING_THREADS);
                long connectSent = System.nanoTime();
                windows.add(new ClosedWindow(disconnectReturned, connectSent));
                connect(nodes.get((cycle + 1) % nodes.size()), storeId);
            }
        } finally {
            running.set(false);
            for (Future<?> worker : workers) {
                worker.get();
            }
            pool.shutdown();
        }

        assertThat(unexpected).as("only successes and KMSInvalidStateException").isEmpty();
        List<Call> violations = calls.stream().filter(Call::succeeded)
                .filter(call -> windows.stream().anyMatch(window -> call.startedNanos() > window.disconnectReturnedNanos()
                        && call.startedNanos() < window.nextConnectSentNanos()))
                .toList();
        assertThat(violations).as("Encrypts that started after a Disconnect returned and succeeded").isEmpty();
        assertThat(successes.get()).as("encrypts succeeded while connected").isGreaterThan(CYCLES * ENCRYPTING_THREADS);
        assertThat(refusals.get()).as("encrypts were refused while disconnected").isGreaterThan(CYCLES * ENCRYPTING_THREADS);
    }

    private static void connect(KmsClient kms, String storeId) {
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        ConnectionStateType state = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> kms.describeCustomKeyStores(r -> r.customKeyStoreId(storeId)).customKeyStores().get(0)
                        .connectionState(), s -> s != ConnectionStateType.CONNECTING);
        assertThat(state).isEqualTo(ConnectionStateType.CONNECTED);
    }

    private static ConfigurableApplicationContext startNode(Map<String, String> database, String nodeId) {
        Map<String, Object> properties = new HashMap<>(database);
        properties.put("server.port", "0");
        properties.put("keyhold.node-id", nodeId);
        properties.put("keyhold.data-dir", dataDir.toString());
        properties.putAll(KeyholdTestProperties.credentialProperties(0, TWO_NODES, "444444444444"));
        properties.putAll(KeyholdTestProperties.credentialProperties(1, ONE_NODE, "555555555555"));
        return new SpringApplicationBuilder(KeyholdApplication.class)
                .run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new));
    }

    private static KmsClient client(ConfigurableApplicationContext node, String accessKeyId) {
        int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
        return KmsClients.forPort(port, accessKeyId);
    }
}
