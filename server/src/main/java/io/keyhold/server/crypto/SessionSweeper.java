package io.keyhold.server.crypto;

import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.connector.ConnectorSessions;
import io.keyhold.server.key.CustomKeyStores;

import java.util.Objects;

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
    private final CustomKeyStores stores;

    public SessionSweeper(ConnectorSessions sessions, KeyStoreSessions keyStoreSessions, CustomKeyStores stores) {
        this.sessions = sessions;
        this.keyStoreSessions = keyStoreSessions;
        this.stores = stores;
    }

    @Scheduled(fixedDelayString = "${keyhold.session-sweep-interval:2s}")
    public void sweep() {
        sessions.openSessions().forEach((storeId, generation) -> {
            ConnectionState state = stores.connectionState(storeId).orElse(null);
            boolean over = state == null || state == ConnectionState.DISCONNECTED || state == ConnectionState.FAILED;
            if (over || !Objects.equals(generation, keyStoreSessions.currentGeneration(storeId))) {
                sessions.close(storeId, generation);
            }
        });
    }
}
