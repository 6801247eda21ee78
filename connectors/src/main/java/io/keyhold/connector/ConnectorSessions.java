package io.keyhold.connector;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions this node holds, one per connected custom key store and connection attempt.
 * Sessions are node-local: the node that runs a connect opens one, any other node attaches one
 * when it first needs the store's keys, and each closes its own when the store disconnects.
 */
public class ConnectorSessions implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectorSessions.class);
    private static final int CLOSED_ATTEMPTS_REMEMBERED = 1024;

    private record OpenSession(String attemptId, ConnectorSession session) {
    }

    private final Map<CustomKeyStoreType, KeyStoreConnector> connectors = new EnumMap<>(CustomKeyStoreType.class);
    private final Map<String, OpenSession> sessions = new ConcurrentHashMap<>();
    /** One attach at a time per store, so concurrent first requests log in once. */
    private final Map<String, ReentrantLock> attachLocks = new ConcurrentHashMap<>();
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
     * session for an attempt that was closed meanwhile is closed at once. An older session is closed
     * before the new one logs in: a PKCS#11 login is process-wide, so one left open would make the
     * token answer "already logged in".
     */
    public ConnectorSession open(String storeId, String attemptId, ConnectionTarget target, String credential,
                                 String requestId)
            throws ConnectionFailedException {
        synchronized (closedAttempts) {
            // a late open for an attempt that is over must not close the current attempt's session
            if (!closedAttempts.contains(attemptId)) {
                closeOtherAttempts(storeId, attemptId);
            }
        }
        ConnectorSession session = connector(target).open(target, credential, requestId);
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

    /**
     * This node's session of a store connected by {@code attemptId}: the open one if it belongs to
     * that attempt, else a new one attached with {@code credential} (read only when needed), which
     * replaces and closes a session of an older attempt.
     *
     * @throws ConnectionFailedException if the attach fails, or the attempt was closed on this node
     */
    public ConnectorSession sessionFor(String storeId, String attemptId, ConnectionTarget target,
                                       Supplier<String> credential) throws ConnectionFailedException {
        ConnectorSession current = sessionOf(storeId, attemptId);
        if (current != null) {
            return current;
        }
        ReentrantLock lock = attachLocks.computeIfAbsent(storeId, id -> new ReentrantLock());
        lock.lock();
        try {
            checkNotClosed(storeId, attemptId);
            current = closeOtherAttempts(storeId, attemptId);
            if (current != null) {
                return current;
            }
            ConnectorSession attached = connector(target).attach(target, credential.get());
            return install(storeId, attemptId, attached);
        } finally {
            lock.unlock();
        }
    }

    /** Keeps an attached session unless a connect on this node won the race, or the attempt ended meanwhile. */
    private ConnectorSession install(String storeId, String attemptId, ConnectorSession attached)
            throws ConnectionFailedException {
        OpenSession installed;
        synchronized (closedAttempts) {
            installed = closedAttempts.contains(attemptId) ? null
                    : sessions.computeIfAbsent(storeId, id -> new OpenSession(attemptId, attached));
        }
        if (installed != null && installed.session() == attached) {
            log.info("Attached to custom key store {} (attempt {})", storeId, attemptId);
            return attached;
        }
        attached.close();
        if (installed != null && installed.attemptId().equals(attemptId)) {
            return installed.session();
        }
        throw new ConnectionFailedException(ConnectionErrorCode.INTERNAL_ERROR, "custom key store " + storeId
                + " disconnected or reconnected while this node attached to it");
    }

    /** Closes the store's session unless it belongs to {@code attemptId}; returns what is left. */
    private ConnectorSession closeOtherAttempts(String storeId, String attemptId) {
        OpenSession left = sessions.computeIfPresent(storeId, (id, open) -> {
            if (open.attemptId().equals(attemptId)) {
                return open;
            }
            open.session().close();
            log.info("Closed the connector session of custom key store {} from attempt {}", storeId, open.attemptId());
            return null;
        });
        return left == null ? null : left.session();
    }

    private ConnectorSession sessionOf(String storeId, String attemptId) {
        OpenSession open = sessions.get(storeId);
        return open != null && open.attemptId().equals(attemptId) ? open.session() : null;
    }

    private void checkNotClosed(String storeId, String attemptId) throws ConnectionFailedException {
        synchronized (closedAttempts) {
            if (closedAttempts.contains(attemptId)) {
                throw new ConnectionFailedException(ConnectionErrorCode.INTERNAL_ERROR, "the connection of custom key"
                        + " store " + storeId + " by attempt " + attemptId + " was closed");
            }
        }
    }

    private KeyStoreConnector connector(ConnectionTarget target) throws ConnectionFailedException {
        KeyStoreConnector connector = connectors.get(target.type());
        if (connector == null) {
            throw new ConnectionFailedException(ConnectionErrorCode.INTERNAL_ERROR, "no connector for " + target.type());
        }
        return connector;
    }

    /** Checks a connected store's backing key store; works on any node, with or without a session. */
    public HealthReport checkHealth(ConnectionTarget target, String credential, String requestId) {
        KeyStoreConnector connector = connectors.get(target.type());
        return connector == null ? HealthReport.unreachable(ConnectionErrorCode.INTERNAL_ERROR)
                : connector.checkHealth(target, credential, requestId);
    }

    /** The stores this node has a session to, with the attempt each session belongs to. */
    public Map<String, String> openSessions() {
        Map<String, String> open = new HashMap<>();
        sessions.forEach((storeId, session) -> open.put(storeId, session.attemptId()));
        return open;
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
