package io.keyhold.connector.pkcs11;

import io.keyhold.connector.hsm.GcmCiphertext;
import io.keyhold.connector.hsm.HsmCiphertextException;
import io.keyhold.connector.hsm.HsmKeyNotFoundException;
import io.keyhold.connector.hsm.HsmKeyOperations;
import io.keyhold.connector.hsm.HsmOperationException;
import io.keyhold.connector.hsm.NoFreeHsmSessionException;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Key operations on a token kmsuser is logged in to, through a fixed pool of read/write sessions.
 * A PKCS#11 session must never be used by two threads at once (SoftHSM crashes the JVM), so every
 * operation borrows one session exclusively; the login is per process and covers all of them.
 * Keys are found by label, the key ARN; object handles change when kmsuser logs out, so they are
 * cached only for the life of this pool, which ends with the login.
 */
final class Pkcs11KeyOperations implements HsmKeyOperations {

    private static final Logger log = LoggerFactory.getLogger(Pkcs11KeyOperations.class);
    /** How long an operation waits for a free session before failing. */
    static final Duration DEFAULT_BORROW_TIMEOUT = Duration.ofSeconds(5);
    /** How long close() waits for borrowed sessions to come back. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    static final int IV_LENGTH = 12;
    private static final int KEY_ID_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * What C_Decrypt answers when the tag does not authenticate: tokens disagree (SoftHSM says
     * CKR_GENERAL_ERROR, nShield CKR_FUNCTION_FAILED, others CKR_ENCRYPTED_DATA_INVALID).
     */
    private static final Set<Long> TAG_MISMATCH = Set.of(Ck.CKR_GENERAL_ERROR, Ck.CKR_FUNCTION_FAILED,
            Ck.CKR_ENCRYPTED_DATA_INVALID, Ck.CKR_ENCRYPTED_DATA_LEN_RANGE);

    private final Pkcs11Library library;
    private final long slot;
    private final String clusterId;
    private final long borrowTimeoutNanos;
    private final List<Long> allSessions;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Long> idle = new ArrayDeque<>();
    private int borrowed;
    private boolean closed;
    /** Key handles by label; valid only while kmsuser stays logged in, i.e. for this pool's life. */
    private final Map<String, Long> keyHandles = new ConcurrentHashMap<>();
    /** Makes check-then-generate atomic within this process; SoftHSM accepts duplicate labels. */
    private final Object generateLock = new Object();

    private Pkcs11KeyOperations(Pkcs11Library library, long slot, String clusterId, List<Long> sessions,
            Duration borrowTimeout) {
        this.library = library;
        this.slot = slot;
        this.clusterId = clusterId;
        this.allSessions = new ArrayList<>(sessions);
        this.idle.addAll(sessions);
        this.borrowTimeoutNanos = borrowTimeout.toNanos();
    }

    /**
     * Opens {@code size} read/write sessions on the token in {@code slot}; on failure closes those
     * already opened and rethrows.
     */
    static Pkcs11KeyOperations open(Pkcs11Library library, long slot, int size, String clusterId,
            Duration borrowTimeout) {
        List<Long> sessions = new ArrayList<>(size);
        try {
            for (int i = 0; i < size; i++) {
                sessions.add(library.openReadWriteSession(slot));
            }
        } catch (Pkcs11Exception e) {
            sessions.forEach(session -> Pkcs11Cluster.closeQuietly(library, session, clusterId));
            throw e;
        }
        return new Pkcs11KeyOperations(library, slot, clusterId, sessions, borrowTimeout);
    }

    @Override
    public void generateKey(String keyArn) {
        Objects.requireNonNull(keyArn, "keyArn");
        byte[] id = new byte[KEY_ID_LENGTH];
        RANDOM.nextBytes(id);
        synchronized (generateLock) {
            long key = withSession("generating key " + keyArn, session -> {
                if (library.findSecretKeys(session, keyArn).length > 0) {
                    throw new IllegalStateException("a key labelled " + keyArn + " already exists on cluster "
                            + clusterId);
                }
                return library.generateAes256Key(session, keyArn, id);
            });
            keyHandles.put(keyArn, key);
        }
    }

    /**
     * The IV is 12 random bytes from Keyhold's SecureRandom; CloudHSM instead generates the IV
     * inside the HSM and returns it with the ciphertext.
     */
    @Override
    public GcmCiphertext encrypt(String keyArn, byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(keyArn, "keyArn");
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] iv = new byte[IV_LENGTH];
        RANDOM.nextBytes(iv);
        byte[] ciphertext = withKey("encrypting with key " + keyArn, keyArn,
                (session, key) -> library.gcmEncrypt(session, key, iv, aad, plaintext));
        return new GcmCiphertext(iv, ciphertext);
    }

    @Override
    public byte[] decrypt(String keyArn, GcmCiphertext ciphertext, byte[] aad) {
        Objects.requireNonNull(keyArn, "keyArn");
        Objects.requireNonNull(ciphertext, "ciphertext");
        byte[] iv = ciphertext.iv();
        byte[] ciphertextAndTag = ciphertext.ciphertextAndTag();
        if (iv.length != IV_LENGTH) {
            throw new HsmOperationException("decrypting with key " + keyArn + " failed: the IV has " + iv.length
                    + " bytes, not " + IV_LENGTH);
        }
        if (ciphertextAndTag.length < Pkcs11Library.GCM_TAG_LENGTH) {
            throw new HsmOperationException("decrypting with key " + keyArn
                    + " failed: the ciphertext is shorter than its tag");
        }
        try {
            return withKey("decrypting with key " + keyArn, keyArn,
                    (session, key) -> library.gcmDecrypt(session, key, iv, aad, ciphertextAndTag));
        } catch (HsmOperationException e) {
            if (e.getCause() instanceof Pkcs11Exception token && token.function().equals("C_Decrypt")
                    && TAG_MISMATCH.contains(token.returnValue())) {
                throw new HsmCiphertextException(e.getMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public void destroyKey(String keyArn) {
        Objects.requireNonNull(keyArn, "keyArn");
        withKey("destroying key " + keyArn, keyArn, (session, key) -> {
            library.destroyObject(session, key);
            return null;
        });
        keyHandles.remove(keyArn);
    }

    @Override
    public byte[] generateRandom(int numberOfBytes) {
        return withSession("generating random bytes", session -> library.generateRandom(session, numberOfBytes));
    }

    /**
     * Closes every pooled session, waiting a bounded time for borrowed ones to come back; a
     * session still borrowed then is closed when it is returned. Idempotent.
     */
    void close() {
        List<Long> toClose = new ArrayList<>();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            changed.signalAll();
            long remaining = CLOSE_TIMEOUT.toNanos();
            while (borrowed > 0 && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            toClose.addAll(idle);
            idle.clear();
            if (borrowed > 0) {
                log.warn("Closing the session pool of cluster {} while {} sessions are still in use", clusterId,
                        borrowed);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            toClose.addAll(idle);
            idle.clear();
        } finally {
            lock.unlock();
        }
        keyHandles.clear();
        toClose.forEach(session -> Pkcs11Cluster.closeQuietly(library, session, clusterId));
    }

    /** Every session this pool opened, for tests. */
    List<Long> sessionHandles() {
        lock.lock();
        try {
            return List.copyOf(allSessions);
        } finally {
            lock.unlock();
        }
    }

    private interface KeyCall<T> {
        T apply(long session, long key);
    }

    /** Runs {@code call} with the key's handle, looking the key up again once if the handle went stale. */
    private <T> T withKey(String what, String keyArn, KeyCall<T> call) {
        return withSession(what, session -> {
            Long cached = keyHandles.get(keyArn);
            if (cached != null) {
                try {
                    return call.apply(session, cached);
                } catch (Pkcs11Exception e) {
                    if (!staleHandle(e)) {
                        throw e;
                    }
                    keyHandles.remove(keyArn, cached);
                }
            }
            return call.apply(session, lookUp(session, keyArn));
        });
    }

    private long lookUp(long session, String keyArn) {
        long[] keys = library.findSecretKeys(session, keyArn);
        if (keys.length == 0) {
            throw new HsmKeyNotFoundException("no key labelled " + keyArn + " on cluster " + clusterId);
        }
        if (keys.length > 1) {
            throw new HsmOperationException(keys.length + " keys are labelled " + keyArn + " on cluster " + clusterId);
        }
        keyHandles.put(keyArn, keys[0]);
        return keys[0];
    }

    private static boolean staleHandle(Pkcs11Exception e) {
        return e.returnValue() == Ck.CKR_KEY_HANDLE_INVALID || e.returnValue() == Ck.CKR_OBJECT_HANDLE_INVALID;
    }

    /**
     * Borrows a session for {@code call}. A token failure replaces the session: after one, the
     * session may still hold an operation the token considers active. Package-private for tests.
     */
    <T> T withSession(String what, LongFunction<T> call) {
        long session = borrow(what);
        boolean healthy = false;
        try {
            T result = call.apply(session);
            healthy = true;
            return result;
        } catch (Pkcs11Exception e) {
            throw new HsmOperationException(what + " on cluster " + clusterId + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            healthy = true;
            throw e;
        } finally {
            giveBack(session, healthy);
        }
    }

    private long borrow(String what) {
        lock.lock();
        try {
            long remaining = borrowTimeoutNanos;
            while (!closed && idle.isEmpty()) {
                if (remaining <= 0) {
                    // KMS answers KMSInternalException "no PKCS#11 sessions" in this case
                    throw new NoFreeHsmSessionException(what + " on cluster " + clusterId + " failed: no PKCS#11 session"
                            + " became free within " + TimeUnit.NANOSECONDS.toMillis(borrowTimeoutNanos) + " ms");
                }
                remaining = changed.awaitNanos(remaining);
            }
            if (closed) {
                throw new HsmOperationException(what + " on cluster " + clusterId + " failed: the session is closed");
            }
            borrowed++;
            return idle.pop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HsmOperationException(what + " on cluster " + clusterId + " was interrupted", e);
        } finally {
            lock.unlock();
        }
    }

    private void giveBack(long session, boolean healthy) {
        long returned = session;
        if (!healthy) {
            Pkcs11Cluster.closeQuietly(library, session, clusterId);
            returned = replacement();
        }
        boolean closeIt;
        lock.lock();
        try {
            borrowed--;
            closeIt = closed;
            if (!closed && returned != -1) {
                idle.push(returned);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (closeIt && returned != -1) {
            Pkcs11Cluster.closeQuietly(library, returned, clusterId);
        }
    }

    /** A fresh session in place of a failed one, or -1 (the pool shrinks) if none can be opened. */
    private long replacement() {
        try {
            long session = library.openReadWriteSession(slot);
            lock.lock();
            try {
                allSessions.add(session);
            } finally {
                lock.unlock();
            }
            return session;
        } catch (Pkcs11Exception e) {
            log.warn("Cluster {}: replacing a failed pooled session failed: {}", clusterId, e.getMessage());
            return -1;
        }
    }

    @Override
    public String toString() {
        return "Pkcs11KeyOperations[" + clusterId + "]";
    }
}
