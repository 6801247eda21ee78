package io.keyhold.server.crypto;

import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.connector.ConnectorSessions;

import java.util.Objects;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Closes this node's sessions that no longer belong to a connection: the store was disconnected,
 * failed, deleted or reconnected (possibly through another node), or its XKS credential changed.
 * The guard already refuses crypto on such stores; this gives back HSM sessions and logins. A
 * session is closed only if it still belongs to the generation seen, so a connect racing with the
 * sweep keeps its new session.
 */
@Component
public class SessionSweeper {

    private final ConnectorSessions sessions;
    private final KeyStoreSessions keyStoreSessions;
    private final JdbcClient jdbc;

    public SessionSweeper(ConnectorSessions sessions, KeyStoreSessions keyStoreSessions, JdbcClient jdbc) {
        this.sessions = sessions;
        this.keyStoreSessions = keyStoreSessions;
        this.jdbc = jdbc;
    }

    @Scheduled(fixedDelayString = "${keyhold.session-sweep-interval:2s}")
    public void sweep() {
        sessions.openSessions().forEach((storeId, generation) -> {
            String state = jdbc.sql("select connection_state from custom_key_store_view where custom_key_store_id = ?")
                    .param(storeId)
                    .query(String.class)
                    .optional()
                    .orElse(null);
            boolean over = state == null || ConnectionState.DISCONNECTED.name().equals(state)
                    || ConnectionState.FAILED.name().equals(state);
            if (over || !Objects.equals(generation, keyStoreSessions.currentGeneration(storeId))) {
                sessions.close(storeId, generation);
            }
        });
    }
}
