package io.keyhold.server.crypto;

import io.keyhold.api.error.KMSInvalidStateException;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.XksProxySettings;
import io.keyhold.command.secret.SecretStore;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSessions;
import io.keyhold.connector.key.KeyBackend;
import io.keyhold.server.crypto.SessionTargets.SessionTarget;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * This node's way to a connected store's keys: the session the connection saga opened here, or one
 * opened on first use (architecture.md, "Connection lifecycle"). A session belongs to one
 * generation of the store's connection — the attempt, and for XKS also the credential and proxy
 * settings, which may change while connected — and a newer generation replaces it.
 */
@Component
public class KeyStoreSessions {

    private static final Logger log = LoggerFactory.getLogger(KeyStoreSessions.class);

    private final SessionTargets targets;
    private final ConnectorSessions sessions;
    private final SecretStore secrets;

    public KeyStoreSessions(SessionTargets targets, ConnectorSessions sessions, SecretStore secrets) {
        this.targets = targets;
        this.sessions = sessions;
        this.secrets = secrets;
    }

    /** The backend of a store the guard found CONNECTED; {@code keyArn} names the key in errors. */
    public KeyBackend backend(String storeId, String keyArn) {
        SessionTarget current = targets.find(storeId).orElseThrow(() -> unavailable(keyArn));
        try {
            return sessions.sessionFor(storeId, generation(current), current.target(),
                    () -> secrets.reveal(current.target().credentialRef())).keys();
        } catch (ConnectionFailedException e) {
            log.warn("Cannot open a session to custom key store {}: {} ({})", storeId, e.getMessage(), e.errorCode());
            throw new KMSInvalidStateException(keyArn + " is unavailable: KMS cannot communicate with the "
                    + (current.target().type() == CustomKeyStoreType.AWS_CLOUDHSM
                    ? "CloudHSM cluster of its custom key store." : "external key store proxy of its custom key store."));
        }
    }

    /** The generation a store's sessions must belong to now, or null when it has no connection. */
    public String currentGeneration(String storeId) {
        return targets.find(storeId).map(KeyStoreSessions::generation).orElse(null);
    }

    /**
     * HSM sessions live as long as the attempt (their password changes only when connecting); an
     * XKS session holds the credential and proxy settings it signs with, so it follows them.
     */
    private static String generation(SessionTarget current) {
        if (current.target().type() == CustomKeyStoreType.AWS_CLOUDHSM) {
            return current.attemptId();
        }
        XksProxySettings xks = current.target().xksProxy();
        return current.attemptId() + "/" + current.target().credentialRef() + "/" + xks;
    }

    private static KMSInvalidStateException unavailable(String keyArn) {
        return new KMSInvalidStateException(keyArn + " is unavailable.");
    }
}
