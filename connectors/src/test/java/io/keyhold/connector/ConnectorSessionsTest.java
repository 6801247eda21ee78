package io.keyhold.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ConnectorSessionsTest {

    private static final ConnectionTarget TARGET = new ConnectionTarget(CustomKeyStoreType.AWS_CLOUDHSM,
            "cluster-keyholdlocal", null, "ref");

    private final List<TrackedSession> opened = new ArrayList<>();
    private final ConnectorSessions sessions = new ConnectorSessions(List.of(new KeyStoreConnector() {
        @Override
        public CustomKeyStoreType type() {
            return CustomKeyStoreType.AWS_CLOUDHSM;
        }

        @Override
        public ConnectorSession open(ConnectionTarget target, String credential, String requestId) {
            TrackedSession session = new TrackedSession();
            opened.add(session);
            return session;
        }

        @Override
        public HealthReport checkHealth(ConnectionTarget target, String credential, String requestId) {
            return HealthReport.HEALTHY;
        }
    }));

    @Test
    void closingTheStoreClosesTheSessionOfItsAttempt() throws ConnectionFailedException {
        sessions.open("cks-1", "attempt-1", TARGET, "pw", "request");
        sessions.close("cks-1", "attempt-1");
        assertThat(opened.get(0).closed).isTrue();
        assertThat(sessions.find("cks-1")).isEmpty();
    }

    @Test
    void closingAnOlderAttemptLeavesTheCurrentSessionOpen() throws ConnectionFailedException {
        sessions.open("cks-1", "attempt-2", TARGET, "pw", "request");
        sessions.close("cks-1", "attempt-1");
        assertThat(opened.get(0).closed).isFalse();
        assertThat(sessions.find("cks-1")).containsSame(opened.get(0));
    }

    @Test
    void aSessionOpenedAfterItsAttemptWasClosedIsClosedAtOnce() throws ConnectionFailedException {
        sessions.open("cks-1", "attempt-2", TARGET, "pw", "request");
        sessions.close("cks-1", "attempt-1");
        sessions.open("cks-1", "attempt-1", TARGET, "pw", "request");
        assertThat(opened.get(1).closed).isTrue();
        assertThat(opened.get(0).closed).isFalse();
        assertThat(sessions.find("cks-1")).containsSame(opened.get(0));
    }

    @Test
    void aNewAttemptReplacesAndClosesTheOldSession() throws ConnectionFailedException {
        sessions.open("cks-1", "attempt-1", TARGET, "pw", "request");
        sessions.open("cks-1", "attempt-2", TARGET, "pw", "request");
        assertThat(opened.get(0).closed).isTrue();
        assertThat(sessions.find("cks-1")).containsSame(opened.get(1));
    }

    private static final class TrackedSession implements ConnectorSession {
        private boolean closed;

        @Override
        public Optional<String> rotatedCredential() {
            return Optional.empty();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
