package io.keyhold.command.testsupport;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.HealthReport;
import io.keyhold.connector.KeyStoreConnector;
import io.keyhold.connector.key.KeyBackend;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A connector for one store type that records what it opened and hands out closable fake sessions. */
public final class FakeConnector implements KeyStoreConnector {

    public record Opened(ConnectionTarget target, String credential, FakeSession session) {
    }

    public static final class FakeSession implements ConnectorSession {
        private final String rotated;
        private int closed;

        FakeSession(String rotated) {
            this.rotated = rotated;
        }

        @Override
        public Optional<String> rotatedCredential() {
            return Optional.ofNullable(rotated);
        }

        @Override
        public KeyBackend keys() {
            throw new UnsupportedOperationException("fake sessions hold no keys");
        }

        @Override
        public synchronized void close() {
            closed++;
        }

        public synchronized int timesClosed() {
            return closed;
        }
    }

    private final CustomKeyStoreType type;
    private final List<Opened> opened = new ArrayList<>();
    private String rotatedCredential;
    private ConnectionErrorCode failWith;
    private RuntimeException crashWith;

    public FakeConnector(CustomKeyStoreType type) {
        this.type = type;
    }

    /** Sessions report this rotated credential (CloudHSM rotates the kmsuser password). */
    public FakeConnector rotatingTo(String credential) {
        rotatedCredential = credential;
        return this;
    }

    public FakeConnector failingWith(ConnectionErrorCode code) {
        failWith = code;
        return this;
    }

    public FakeConnector crashingWith(RuntimeException e) {
        crashWith = e;
        return this;
    }

    private HealthReport health = HealthReport.HEALTHY;
    private final List<Opened> healthChecks = new ArrayList<>();

    @Override
    public CustomKeyStoreType type() {
        return type;
    }

    @Override
    public synchronized ConnectorSession open(ConnectionTarget target, String credential, String requestId)
            throws ConnectionFailedException {
        if (crashWith != null) {
            throw crashWith;
        }
        if (failWith != null) {
            throw new ConnectionFailedException(failWith, "fake connector configured to fail");
        }
        FakeSession session = new FakeSession(rotatedCredential);
        opened.add(new Opened(target, credential, session));
        return session;
    }

    /** Attaching opens a session as a connect does, without a rotated credential. */
    @Override
    public synchronized ConnectorSession attach(ConnectionTarget target, String credential)
            throws ConnectionFailedException {
        if (failWith != null) {
            throw new ConnectionFailedException(failWith, "fake connector configured to fail");
        }
        FakeSession session = new FakeSession(null);
        opened.add(new Opened(target, credential, session));
        return session;
    }

    public FakeConnector reportingHealth(HealthReport report) {
        health = report;
        return this;
    }

    @Override
    public synchronized HealthReport checkHealth(ConnectionTarget target, String credential, String requestId) {
        healthChecks.add(new Opened(target, credential, null));
        return health;
    }

    /** The targets and credentials health checks were made with (no session). */
    public synchronized List<Opened> healthChecks() {
        return List.copyOf(healthChecks);
    }

    public synchronized List<Opened> opened() {
        return List.copyOf(opened);
    }
}
