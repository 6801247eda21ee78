package io.keyhold.connector.pkcs11;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.hsm.HsmCluster;
import io.keyhold.connector.hsm.HsmClusterInfo;
import io.keyhold.connector.hsm.KmsUserPasswords;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HSM cluster that is one token of a PKCS#11 library; kmsuser is the token's normal user and
 * its password the user PIN. Connecting logs in and changes the PIN, as KMS rotates kmsuser's
 * password on every connect. PINs never appear in logs or messages.
 */
public class Pkcs11Cluster implements HsmCluster {

    private static final Logger log = LoggerFactory.getLogger(Pkcs11Cluster.class);

    private final Pkcs11ClusterSettings settings;

    public Pkcs11Cluster(Pkcs11ClusterSettings settings) {
        this.settings = settings;
    }

    @Override
    public String clusterId() {
        return settings.clusterId();
    }

    @Override
    public HsmClusterInfo describe() {
        return HsmClusterInfo.declared(settings.clusterId(), settings.active(), settings.hsms(),
                settings.availabilityZones(), settings.clusterCertificatePem(), settings.ownerAccountId());
    }

    @Override
    public ConnectorSession loginAndRotate(String password) throws ConnectionFailedException {
        Pkcs11Library library = library();
        Pkcs11Session session = logInWithPool(library, password);
        String rotated = KmsUserPasswords.next();
        try {
            library.setPin(session.handle(), password.getBytes(StandardCharsets.UTF_8),
                    rotated.getBytes(StandardCharsets.US_ASCII));
        } catch (Pkcs11Exception e) {
            // the old PIN is still in force; leave nothing logged in behind
            session.close();
            throw failure(ConnectionErrorCode.INTERNAL_ERROR, "rotating kmsuser's PIN failed", e);
        }
        return session.rotatedTo(rotated);
    }

    @Override
    public ConnectorSession attach(String password) throws ConnectionFailedException {
        return logInWithPool(library(), password);
    }

    /**
     * Logs kmsuser in and opens the pool of sessions for key operations. A connect rotates the PIN
     * only after this: one that fails must leave the old PIN in force, or nobody would know the PIN.
     */
    private Pkcs11Session logInWithPool(Pkcs11Library library, String password) throws ConnectionFailedException {
        long slot = findSlot(library);
        long session = openSession(library, slot);
        try {
            logIn(library, session, password);
        } catch (ConnectionFailedException | RuntimeException e) {
            closeQuietly(library, session, clusterId());
            throw e;
        }
        try {
            return new Pkcs11Session(library, session, null, this, Pkcs11KeyOperations.open(library, slot,
                    settings.sessionPoolSize(), clusterId(), Pkcs11KeyOperations.DEFAULT_BORROW_TIMEOUT));
        } catch (Pkcs11Exception e) {
            Pkcs11Session.logOutAndClose(library, session, clusterId());
            throw failure(ConnectionErrorCode.INTERNAL_ERROR, "opening the session pool failed", e);
        }
    }

    private Pkcs11Library library() throws ConnectionFailedException {
        try {
            return Pkcs11Libraries.get(settings.libraryPath());
        } catch (UnsatisfiedLinkError e) {
            // like an unreachable cluster: the connector has no way to talk to the HSMs
            // JNA's message goes on to list the whole class path; its first line says why
            log.warn("Cannot load PKCS#11 library {} for cluster {}: {}", settings.libraryPath(), clusterId(),
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            throw new ConnectionFailedException(ConnectionErrorCode.NETWORK_ERRORS,
                    "cannot load the PKCS#11 library of cluster " + clusterId());
        } catch (Pkcs11Exception e) {
            throw failure(ConnectionErrorCode.INTERNAL_ERROR, "initialising the PKCS#11 library failed", e);
        }
    }

    private long findSlot(Pkcs11Library library) throws ConnectionFailedException {
        OptionalLong slot;
        try {
            slot = library.findSlotByTokenLabel(settings.tokenLabel());
        } catch (Pkcs11Exception | IllegalStateException e) {
            throw failure(ConnectionErrorCode.INTERNAL_ERROR, "finding the token failed", e);
        }
        if (slot.isEmpty()) {
            throw new ConnectionFailedException(ConnectionErrorCode.CLUSTER_NOT_FOUND,
                    "no token labelled " + settings.tokenLabel() + " for cluster " + clusterId());
        }
        return slot.getAsLong();
    }

    private long openSession(Pkcs11Library library, long slot) throws ConnectionFailedException {
        try {
            return library.openReadWriteSession(slot);
        } catch (Pkcs11Exception e) {
            throw failure(tokenGone(e) ? ConnectionErrorCode.CLUSTER_NOT_FOUND : ConnectionErrorCode.INTERNAL_ERROR,
                    "opening a session failed", e);
        }
    }

    /** The token went away between finding its slot and opening the session. */
    private static boolean tokenGone(Pkcs11Exception e) {
        long rv = e.returnValue();
        return rv == Ck.CKR_TOKEN_NOT_PRESENT || rv == Ck.CKR_DEVICE_REMOVED || rv == Ck.CKR_SLOT_ID_INVALID;
    }

    private void logIn(Pkcs11Library library, long session, String password) throws ConnectionFailedException {
        if (password == null) {
            throw wrongPin();
        }
        try {
            library.login(session, Ck.CKU_USER, password.getBytes(StandardCharsets.UTF_8));
        } catch (Pkcs11Exception e) {
            long rv = e.returnValue();
            if (rv == Ck.CKR_PIN_INCORRECT || rv == Ck.CKR_PIN_INVALID || rv == Ck.CKR_PIN_LEN_RANGE) {
                throw wrongPin();
            }
            if (rv == Ck.CKR_PIN_LOCKED) {
                throw failure(ConnectionErrorCode.USER_LOCKED_OUT, "kmsuser is locked out", e);
            }
            if (rv == Ck.CKR_USER_PIN_NOT_INITIALIZED) {
                throw failure(ConnectionErrorCode.USER_NOT_FOUND, "the token has no kmsuser PIN", e);
            }
            if (rv == Ck.CKR_USER_ALREADY_LOGGED_IN) {
                throw failure(ConnectionErrorCode.USER_LOGGED_IN, "kmsuser is already logged in", e);
            }
            throw failure(ConnectionErrorCode.INTERNAL_ERROR, "kmsuser login failed", e);
        }
    }

    /** Not every token locks its PIN (SoftHSM never does): the cluster's KmsUserLockout counts these. */
    private ConnectionFailedException wrongPin() {
        return new ConnectionFailedException(ConnectionErrorCode.INVALID_CREDENTIALS,
                "kmsuser login to cluster " + clusterId() + " failed");
    }

    private ConnectionFailedException failure(ConnectionErrorCode code, String what, RuntimeException cause) {
        log.warn("Cluster {}: {}: {}", clusterId(), what, cause.getMessage());
        ConnectionFailedException failure = new ConnectionFailedException(code,
                what + " on cluster " + clusterId() + ": " + cause.getMessage());
        failure.initCause(cause);
        return failure;
    }

    static void closeQuietly(Pkcs11Library library, long session, String clusterId) {
        try {
            library.closeSession(session);
        } catch (Pkcs11Exception e) {
            log.warn("Closing a session of cluster {} failed: {}", clusterId, e.getMessage());
        }
    }

}
