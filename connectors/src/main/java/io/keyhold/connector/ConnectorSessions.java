package io.keyhold.connector;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions this node holds, one per connected custom key store and connection attempt.
 * Sessions are node-local: each node opens its own and closes it when the store disconnects.
 */
public class ConnectorSessions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectorSessions.class);
    private static final int CLOSED_ATTEMPTS_REMEMBERED = 1024;

    private record OpenSession(String attemptId, ConnectorSession session) {
    }

    private final Map<CustomKeyStoreType, KeyStoreConnector> connectors = new EnumMap<>(CustomKeyStoreType.class);
    private final Map<String, OpenSession> sessions = new ConcurrentHashMap<>();
    /** Attempts already closed, so that one whose connect finishes late does not leave a session open. */
    private final Set<String> closedAttempts = Collections.newSetFromMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CLOSED_ATTEMPTS_REMEMBERED;
        }
    });

    public ConnectorSessions(List<KeyStoreConnector> connectors) {
        connectors.forEach(c -> this.connectors.put(c.type(), c));
    }

    /**
     * Opens a session for a connection attempt, replacing any older session of the same store; a
     * session for an attempt that was closed meanwhile is closed at once.
     */
    public ConnectorSession open(String storeId, String attemptId, ConnectionTarget target, String credential,
                                 String requestId)
            throws ConnectionFailedException {
        KeyStoreConnector connector = connectors.get(target.type());
        if (connector == null) {
            throw new ConnectionFailedException(ConnectionErrorCode.INTERNAL_ERROR,
                    "no connector for " + target.type());
        }
        ConnectorSession session = connector.open(target, credential, requestId);
        synchronized (closedAttempts) {
            if (closedAttempts.contains(attemptId)) {
                session.close();
                return session;
            }
            OpenSession previous = sessions.put(storeId, new OpenSession(attemptId, session));
            if (previous != null) {
                previous.session().close();
            }
        }
        return session;
    }

    /** Checks a connected store's backing key store; works on any node, with or without a session. */
    public HealthReport checkHealth(ConnectionTarget target, String credential, String requestId) {
        KeyStoreConnector connector = connectors.get(target.type());
        return connector == null ? HealthReport.unreachable(ConnectionErrorCode.INTERNAL_ERROR)
                : connector.checkHealth(target, credential, requestId);
    }

    public Optional<ConnectorSession> find(String storeId) {
        return Optional.ofNullable(sessions.get(storeId)).map(OpenSession::session);
    }

    /** Closes the store's session if it belongs to {@code attemptId} (or to any attempt when null). */
    public void close(String storeId, String attemptId) {
        if (attemptId != null) {
            synchronized (closedAttempts) {
                closedAttempts.add(attemptId);
            }
        }
        sessions.computeIfPresent(storeId, (id, open) -> {
            if (attemptId != null && !attemptId.equals(open.attemptId())) {
                return open;
            }
            open.session().close();
            log.info("Closed connector session of custom key store {}", storeId);
            return null;
        });
    }

    @Override
    public void close() {
        sessions.keySet().forEach(storeId -> close(storeId, null));
    }
}
