package io.keyhold.connector.pkcs11;

import io.keyhold.connector.hsm.HsmCluster;
import io.keyhold.connector.hsm.HsmSession;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kmsuser's logged-in PKCS#11 session on a cluster's token, with a pool of further sessions for
 * key operations. Closing it closes the pool and logs kmsuser out: the login belongs to the whole
 * process, so a session left logged in would make every later connect to the token fail with
 * CKR_USER_ALREADY_LOGGED_IN.
 */
final class Pkcs11Session extends HsmSession {

    private static final Logger log = LoggerFactory.getLogger(Pkcs11Session.class);

    private final Pkcs11Library library;
    private final long handle;
    private final HsmCluster cluster;
    private final String clusterId;
    private final Pkcs11KeyOperations keys;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** {@code rotatedPin} is null for a session that logged in without rotating the PIN. */
    Pkcs11Session(Pkcs11Library library, long handle, String rotatedPin, HsmCluster cluster, Pkcs11KeyOperations keys) {
        super(cluster, keys, rotatedPin);
        this.library = library;
        this.handle = handle;
        this.cluster = cluster;
        this.clusterId = cluster.clusterId();
        this.keys = keys;
    }

    /** The same login and pool, now reporting the PIN a connect rotated to. */
    Pkcs11Session rotatedTo(String pin) {
        return new Pkcs11Session(library, handle, pin, cluster, keys);
    }

    Pkcs11KeyOperations keyOperations() {
        return keys;
    }

    long handle() {
        return handle;
    }

    /** Idempotent; failures are logged, not thrown, as the session is of no further use anyway. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        keys.close();
        logOutAndClose(library, handle, clusterId);
    }

    static void logOutAndClose(Pkcs11Library library, long handle, String clusterId) {
        try {
            library.logout(handle);
        } catch (Pkcs11Exception e) {
            if (e.returnValue() != Ck.CKR_USER_NOT_LOGGED_IN) {
                log.warn("Logging kmsuser out of cluster {} failed: {}", clusterId, e.getMessage());
            }
        }
        Pkcs11Cluster.closeQuietly(library, handle, clusterId);
    }

    @Override
    public String toString() {
        return "Pkcs11Session[" + clusterId + ", ****]";
    }
}
