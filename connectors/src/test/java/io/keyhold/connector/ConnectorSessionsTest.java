package io.keyhold.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.connector.key.KeyBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class ConnectorSessionsTest {

    private static final ConnectionTarget TARGET = new ConnectionTarget(CustomKeyStoreType.AWS_CLOUDHSM,
            "cluster-keyholdlocal", null, "ref");
    /** Attaches to this cluster wait until the test releases them. */
    private static final ConnectionTarget SLOW_TARGET = new ConnectionTarget(CustomKeyStoreType.AWS_CLOUDHSM,
            "cluster-slow", null, "ref");

    private final TestConnector connector = new TestConnector();
    private final ConnectorSessions sessions = new ConnectorSessions(List.of(connector));
    private final AtomicInteger credentialReads = new AtomicInteger();

    @Test
    void closingTheStoreClosesTheSessionOfItsAttempt() throws ConnectionFailedException {
        sessions.open("cks-1", "attempt-1", TARGET, "pw", "request");
        sessions.close("cks-1", "attempt-1");
        assertThat(connector.opened.get(0).closed).isTrue();
        assertThat(sessions.find("cks-1")).isEmpty();
    }

    @Test
    void closingAnOlderAttemptLeavesTheCurrentSessionOpen() throws ConnectionFailedException {
        sessions.open("cks-1", "attempt-2", TARGET, "pw", "request");
        sessions.close("cks-1", "attempt-1");
        assertThat(connector.opened.get(0).closed).isFalse();
        assertThat(sessions.find("cks-1")).containsSame(connector.opened.get(0));
    }

    @Test
    void aSessionOpenedAfterItsAttemptWasClosedIsClosedAtOnce() throws ConnectionFailedException {
        sessions.open("cks-1", "attempt-2", TARGET, "pw", "request");
        sessions.close("cks-1", "attempt-1");
        sessions.open("cks-1", "attempt-1", TARGET, "pw", "request");
        assertThat(connector.opened.get(1).closed).isTrue();
        assertThat(connector.opened.get(0).closed).isFalse();
        assertThat(sessions.find("cks-1")).containsSame(connector.opened.get(0));
    }

    @Test
    void anOlderAttemptsSessionIsClosedBeforeTheNewAttemptLogsIn() throws ConnectionFailedException {
        sessions.sessionFor("cks-1", "attempt-1", TARGET, this::credential);
        sessions.open("cks-1", "attempt-2", TARGET, "pw", "request");
        assertThat(connector.attached.get(0).closed).isTrue();
        assertThat(connector.openedWhileAnotherSessionWasOpen).containsExactly(false);
    }

    @Test
    void aNewAttemptReplacesAndClosesTheOldSession() throws ConnectionFailedException {
        sessions.open("cks-1", "attempt-1", TARGET, "pw", "request");
        sessions.open("cks-1", "attempt-2", TARGET, "pw", "request");
        assertThat(connector.opened.get(0).closed).isTrue();
        assertThat(sessions.find("cks-1")).containsSame(connector.opened.get(1));
    }

    @Test
    void theSessionOfTheConnectingNodeServesItsAttemptWithoutAnAttach() throws ConnectionFailedException {
        ConnectorSession opened = sessions.open("cks-1", "attempt-1", TARGET, "pw", "request");

        assertThat(sessions.sessionFor("cks-1", "attempt-1", TARGET, this::credential)).isSameAs(opened);
        assertThat(connector.attaches).hasValue(0);
        assertThat(credentialReads).hasValue(0);
    }

    @Test
    void manyConcurrentRequestsAttachOnce() throws Exception {
        int threads = 32;
        CountDownLatch allAsking = new CountDownLatch(threads);
        connector.attachesWaitFor = allAsking;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        List<Future<ConnectorSession>> results = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                results.add(executor.submit(() -> {
                    allAsking.countDown();
                    return sessions.sessionFor("cks-1", "attempt-1", TARGET, this::credential);
                }));
            }
            ConnectorSession first = results.get(0).get(1, TimeUnit.MINUTES);
            for (Future<ConnectorSession> result : results) {
                assertThat(result.get(1, TimeUnit.MINUTES)).isSameAs(first);
            }
            assertThat(connector.attaches).hasValue(1);
            assertThat(credentialReads).hasValue(1);
            assertThat(sessions.find("cks-1")).containsSame(first);
            assertThat(first.rotatedCredential()).isEmpty();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void storesAttachIndependently() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        connector.slowAttachesWaitFor = release;
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<ConnectorSession> slow = executor.submit(
                    () -> sessions.sessionFor("cks-slow", "attempt-1", SLOW_TARGET, this::credential));

            ConnectorSession other = sessions.sessionFor("cks-2", "attempt-1", TARGET, this::credential);
            release.countDown();

            assertThat(slow.get(1, TimeUnit.MINUTES)).isNotSameAs(other);
            assertThat(connector.attaches).hasValue(2);
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void anAttachForANewerAttemptClosesTheOlderSession() throws ConnectionFailedException {
        ConnectorSession older = sessions.open("cks-1", "attempt-1", TARGET, "pw", "request");

        ConnectorSession attached = sessions.sessionFor("cks-1", "attempt-2", TARGET, this::credential);

        assertThat(connector.opened.get(0).closed).isTrue();
        assertThat(attached).isNotSameAs(older);
        assertThat(sessions.find("cks-1")).containsSame(attached);
        assertThat(sessions.sessionFor("cks-1", "attempt-2", TARGET, this::credential)).isSameAs(attached);
        assertThat(connector.attaches).hasValue(1);
    }

    @Test
    void anAttemptClosedOnThisNodeIsNotAttachedAgain() throws ConnectionFailedException {
        sessions.open("cks-1", "attempt-1", TARGET, "pw", "request");
        sessions.close("cks-1", "attempt-1");

        assertThatExceptionOfType(ConnectionFailedException.class)
                .isThrownBy(() -> sessions.sessionFor("cks-1", "attempt-1", TARGET, this::credential))
                .withMessageContaining("was closed");
        assertThat(connector.attaches).hasValue(0);
    }

    @Test
    void aFailedAttachIsReportedAndTheNextRequestTriesAgain() throws ConnectionFailedException {
        connector.failNextAttach = true;

        assertThatExceptionOfType(ConnectionFailedException.class)
                .isThrownBy(() -> sessions.sessionFor("cks-1", "attempt-1", TARGET, this::credential))
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(ConnectionErrorCode.INVALID_CREDENTIALS));
        assertThat(sessions.find("cks-1")).isEmpty();

        ConnectorSession attached = sessions.sessionFor("cks-1", "attempt-1", TARGET, this::credential);
        assertThat(sessions.find("cks-1")).containsSame(attached);
    }

    @Test
    void closingTheStoreClosesAnAttachedSession() throws ConnectionFailedException {
        sessions.sessionFor("cks-1", "attempt-1", TARGET, this::credential);

        sessions.close("cks-1", "attempt-1");

        assertThat(connector.attached.get(0).closed).isTrue();
        assertThat(sessions.find("cks-1")).isEmpty();
    }

    private String credential() {
        credentialReads.incrementAndGet();
        return "pw";
    }

    private static final class TestConnector implements KeyStoreConnector {

        final List<TrackedSession> opened = new ArrayList<>();
        final List<TrackedSession> attached = new ArrayList<>();
        /** Per open: whether a session of this connector was still open (a PKCS#11 login would collide). */
        final List<Boolean> openedWhileAnotherSessionWasOpen = new ArrayList<>();
        final AtomicInteger attaches = new AtomicInteger();
        volatile CountDownLatch attachesWaitFor = new CountDownLatch(0);
        volatile CountDownLatch slowAttachesWaitFor = new CountDownLatch(0);
        volatile boolean failNextAttach;

        @Override
        public CustomKeyStoreType type() {
            return CustomKeyStoreType.AWS_CLOUDHSM;
        }

        @Override
        public synchronized ConnectorSession open(ConnectionTarget target, String credential, String requestId) {
            openedWhileAnotherSessionWasOpen.add(opened.stream().anyMatch(open -> !open.closed)
                    || attached.stream().anyMatch(open -> !open.closed));
            TrackedSession session = new TrackedSession();
            opened.add(session);
            return session;
        }

        @Override
        public ConnectorSession attach(ConnectionTarget target, String credential) throws ConnectionFailedException {
            attaches.incrementAndGet();
            if (failNextAttach) {
                failNextAttach = false;
                throw new ConnectionFailedException(ConnectionErrorCode.INVALID_CREDENTIALS, "wrong password");
            }
            awaitUninterruptibly(target.equals(SLOW_TARGET) ? slowAttachesWaitFor : attachesWaitFor);
            TrackedSession session = new TrackedSession();
            synchronized (this) {
                attached.add(session);
            }
            return session;
        }

        @Override
        public HealthReport checkHealth(ConnectionTarget target, String credential, String requestId) {
            return HealthReport.HEALTHY;
        }

        private static void awaitUninterruptibly(CountDownLatch latch) {
            try {
                assertThat(latch.await(1, TimeUnit.MINUTES)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class TrackedSession implements ConnectorSession {
        private volatile boolean closed;

        @Override
        public Optional<String> rotatedCredential() {
            return Optional.empty();
        }

        @Override
        public KeyBackend keys() {
            throw new UnsupportedOperationException("no keys in this test");
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
