package io.keyhold.connector.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.key.JdbcKeyMaterialStore;
import io.keyhold.connector.key.MasterKeySealer;
import io.keyhold.connector.software.SoftwareHsmCluster;
import io.keyhold.connector.software.SoftwareHsmClusterSettings;
import io.keyhold.server.testsupport.TestDatabases;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import com.zaxxer.hikari.HikariDataSource;

/**
 * kmsuser's lockout on both databases Keyhold runs on, with the server's migrations (which is why
 * this test lives in the server module): counts shared by every node, concurrent failures each
 * counted once, and a lock that only {@link KmsUserLockout#unlock} lifts.
 */
class KmsUserLockoutTest {

    private static final String PASSWORD = "kmsuser-password";
    private static final String WRONG_PASSWORD = "not-kmsusers-password";
    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    private static final List<HikariDataSource> DATA_SOURCES = new ArrayList<>();
    private static HikariDataSource postgres;
    private static HikariDataSource h2;

    @AfterAll
    static void closeDataSources() {
        DATA_SOURCES.forEach(HikariDataSource::close);
    }

    @Nested
    class OnPostgreSql extends Contract {

        @Override
        HikariDataSource dataSource() {
            synchronized (KmsUserLockoutTest.class) {
                if (postgres == null) {
                    Map<String, String> database = TestDatabases.freshDatabase();
                    postgres = migrated(database.get("spring.datasource.url"), database.get("spring.datasource.username"),
                            database.get("spring.datasource.password"), "postgresql");
                }
                return postgres;
            }
        }
    }

    @Nested
    class OnH2 extends Contract {

        @Override
        HikariDataSource dataSource() {
            synchronized (KmsUserLockoutTest.class) {
                if (h2 == null) {
                    h2 = migrated("jdbc:h2:mem:lockout-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", "h2");
                }
                return h2;
            }
        }
    }

    abstract static class Contract {

        @TempDir
        Path clusterDir;

        abstract HikariDataSource dataSource();

        private KmsUserLockout lockout() {
            HikariDataSource dataSource = dataSource();
            return new KmsUserLockout(JdbcClient.create(dataSource), new DataSourceTransactionManager(dataSource));
        }

        @Test
        void theFifthFailedLoginInARowLocksKmsUserOut() {
            KmsUserLockout lockout = lockout();
            String cluster = newClusterId();

            for (int failure = 1; failure < KmsUserLockout.FAILED_LOGINS_BEFORE_LOCKOUT; failure++) {
                assertThat(lockout.recordFailedLogin(cluster)).as("failure %d", failure).isFalse();
            }
            assertThat(lockout.isLocked(cluster)).isFalse();
            assertThat(lockout.recordFailedLogin(cluster)).isTrue();
            assertThat(lockout.recordFailedLogin(cluster)).isTrue();

            assertThat(lockout.status(cluster)).isEqualTo(new KmsUserLockout.Status(6, true));
            assertThat(lockout.status(newClusterId())).as("another cluster").isEqualTo(new KmsUserLockout.Status(0, false));
        }

        @Test
        void aSuccessfulLoginEndsTheRunOfFailures() {
            KmsUserLockout lockout = lockout();
            String cluster = newClusterId();
            for (int failure = 1; failure < KmsUserLockout.FAILED_LOGINS_BEFORE_LOCKOUT; failure++) {
                lockout.recordFailedLogin(cluster);
            }

            lockout.recordSuccessfulLogin(cluster);

            assertThat(lockout.status(cluster)).isEqualTo(new KmsUserLockout.Status(0, false));
            assertThat(lockout.recordFailedLogin(cluster)).isFalse();
            assertThat(lockout.status(cluster).failedLogins()).isEqualTo(1);
        }

        @Test
        void onlyAnOperatorLiftsALock() {
            KmsUserLockout lockout = lockout();
            String cluster = newClusterId();
            for (int failure = 1; failure <= KmsUserLockout.FAILED_LOGINS_BEFORE_LOCKOUT; failure++) {
                lockout.recordFailedLogin(cluster);
            }

            lockout.recordSuccessfulLogin(cluster);
            assertThat(lockout().isLocked(cluster)).as("after a login that raced the lock, seen by another node").isTrue();

            lockout.unlock(cluster);
            assertThat(lockout.status(cluster)).isEqualTo(new KmsUserLockout.Status(0, false));
            assertThat(lockout.recordFailedLogin(cluster)).isFalse();
        }

        @Test
        void concurrentFailuresAreEachCountedAndOnlyTheFifthAndLaterReportALock() throws Exception {
            KmsUserLockout lockout = lockout();
            String cluster = newClusterId();
            int attempts = 16;
            ExecutorService threads = Executors.newFixedThreadPool(attempts);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> outcomes = new ArrayList<>();
                for (int i = 0; i < attempts; i++) {
                    outcomes.add(threads.submit(() -> {
                        start.await();
                        return lockout.recordFailedLogin(cluster);
                    }));
                }
                start.countDown();
                int lockedOutcomes = 0;
                for (Future<Boolean> outcome : outcomes) {
                    lockedOutcomes += outcome.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }

                assertThat(lockout.status(cluster)).isEqualTo(new KmsUserLockout.Status(attempts, true));
                assertThat(lockedOutcomes).isEqualTo(attempts - KmsUserLockout.FAILED_LOGINS_BEFORE_LOCKOUT + 1);
            } finally {
                threads.shutdownNow();
            }
        }

        @Test
        void everyNodeCountsTheSameFailuresAndALockedClusterIsNotLoggedInto() throws Exception {
            String clusterId = newClusterId();
            HsmCluster nodeA = node(clusterId);
            HsmCluster nodeB = node(clusterId);

            for (int failure = 1; failure < KmsUserLockout.FAILED_LOGINS_BEFORE_LOCKOUT; failure++) {
                HsmCluster node = failure % 2 == 0 ? nodeA : nodeB;
                assertConnectFails(() -> node.loginAndRotate(WRONG_PASSWORD), ConnectionErrorCode.INVALID_CREDENTIALS);
            }
            assertConnectFails(() -> nodeA.loginAndRotate(WRONG_PASSWORD), ConnectionErrorCode.USER_LOCKED_OUT);
            assertConnectFails(() -> nodeB.loginAndRotate(PASSWORD), ConnectionErrorCode.USER_LOCKED_OUT);

            lockout().unlock(clusterId);
            // the refused right password never reached kmsuser, so it was not rotated away
            try (ConnectorSession session = nodeA.loginAndRotate(PASSWORD)) {
                assertThat(session.rotatedCredential()).get().isNotEqualTo(PASSWORD);
            }
            assertThat(lockout().status(clusterId)).isEqualTo(new KmsUserLockout.Status(0, false));
        }

        /** A Keyhold node's view of one software cluster: its own objects, the shared database. */
        private HsmCluster node(String clusterId) throws Exception {
            HikariDataSource dataSource = dataSource();
            JdbcClient jdbc = JdbcClient.create(dataSource);
            SoftwareHsmCluster cluster = new SoftwareHsmCluster(new SoftwareHsmClusterSettings(clusterId, PASSWORD,
                    2, 2, true, null), jdbc, new JdbcKeyMaterialStore(jdbc, new MasterKeySealer(new byte[32])));
            cluster.initialize(Files.createDirectories(clusterDir.resolve(clusterId)));
            return new SimulatedHsmCluster(cluster, new ClusterSimulation(jdbc), lockout());
        }
    }

    private static String newClusterId() {
        return "cluster-lockout" + CLUSTERS.incrementAndGet();
    }

    private static HikariDataSource migrated(String url, String user, String password, String vendor) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(user);
        dataSource.setPassword(password);
        dataSource.setMaximumPoolSize(20);
        DATA_SOURCES.add(dataSource);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/" + vendor).load().migrate();
        return dataSource;
    }

    /** Also checks that no password leaks into the message. */
    private static void assertConnectFails(ThrowingCallable connect, ConnectionErrorCode expected) {
        assertThatExceptionOfType(ConnectionFailedException.class)
                .isThrownBy(connect)
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(expected))
                .withMessageNotContaining(PASSWORD)
                .withMessageNotContaining(WRONG_PASSWORD);
    }
}
