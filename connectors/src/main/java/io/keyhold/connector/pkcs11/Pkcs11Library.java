package io.keyhold.connector.pkcs11;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.NativeLongByReference;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * One loaded and initialised PKCS#11 library, with typed calls: every CK_RV other than CKR_OK
 * becomes a {@link Pkcs11Exception}. Sessions are plain handles; each belongs to one caller and
 * is never shared between threads. PIN arrays are wiped once the library has seen them.
 */
final class Pkcs11Library {

    private static final int LABEL_LENGTH = 32;

    private final String path;
    private final Cryptoki cryptoki;

    private Pkcs11Library(String path, Cryptoki cryptoki) {
        this.path = path;
        this.cryptoki = cryptoki;
    }

    /**
     * Loads and initialises the library at {@code path}; use {@link Pkcs11Libraries} rather than
     * this, as a library must be initialised only once per process.
     *
     * @throws UnsatisfiedLinkError if the library cannot be loaded
     */
    static Pkcs11Library load(String path) {
        Pkcs11Library library = new Pkcs11Library(path, Native.load(path, Cryptoki.class));
        library.initialize();
        return library;
    }

    String path() {
        return path;
    }

    /**
     * Without CKF_OS_LOCKING_OK a library may assume one application thread; another component
     * of this process may have initialised the library already, which is just as good.
     */
    private void initialize() {
        Cryptoki.InitializeArgs args = new Cryptoki.InitializeArgs();
        args.flags = new NativeLong(Ck.CKF_OS_LOCKING_OK);
        long rv = cryptoki.C_Initialize(args).longValue();
        if (rv != Ck.CKR_OK && rv != Ck.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
            throw new Pkcs11Exception("C_Initialize", rv);
        }
    }

    long[] slotsWithToken() {
        NativeLongByReference count = new NativeLongByReference();
        check("C_GetSlotList", cryptoki.C_GetSlotList((byte) 1, null, count));
        if (count.getValue().intValue() == 0) {
            return new long[0];
        }
        NativeLong[] slots = new NativeLong[count.getValue().intValue()];
        check("C_GetSlotList", cryptoki.C_GetSlotList((byte) 1, slots, count));
        return Arrays.stream(slots, 0, count.getValue().intValue()).mapToLong(NativeLong::longValue).toArray();
    }

    Cryptoki.TokenInfo tokenInfo(long slot) {
        Cryptoki.TokenInfo info = new Cryptoki.TokenInfo();
        check("C_GetTokenInfo", cryptoki.C_GetTokenInfo(new NativeLong(slot), info));
        return info;
    }

    /**
     * The slot holding the token labelled {@code label}. Slot ids are not stable across library
     * initialisations, so the label is the only reliable name. A slot whose token cannot be
     * described is skipped: SoftHSM answers CKR_GENERAL_ERROR for a token deleted underneath it.
     *
     * @throws IllegalStateException if two tokens carry the label
     */
    OptionalLong findSlotByTokenLabel(String label) {
        OptionalLong found = OptionalLong.empty();
        for (long slot : slotsWithToken()) {
            String slotLabel;
            try {
                slotLabel = tokenInfo(slot).labelText();
            } catch (Pkcs11Exception unreadableToken) {
                continue;
            }
            if (slotLabel.equals(label)) {
                if (found.isPresent()) {
                    throw new IllegalStateException("more than one token is labelled " + label);
                }
                found = OptionalLong.of(slot);
            }
        }
        return found;
    }

    /** A read/write session: C_SetPIN refuses to run in a read-only one. */
    long openReadWriteSession(long slot) {
        NativeLongByReference session = new NativeLongByReference();
        check("C_OpenSession", cryptoki.C_OpenSession(new NativeLong(slot),
                new NativeLong(Ck.CKF_SERIAL_SESSION | Ck.CKF_RW_SESSION), null, null, session));
        return session.getValue().longValue();
    }

    void closeSession(long session) {
        check("C_CloseSession", cryptoki.C_CloseSession(new NativeLong(session)));
    }

    /** Logs {@code userType} in; the login holds for every session of this process on the token. */
    void login(long session, long userType, byte[] pin) {
        try {
            check("C_Login", cryptoki.C_Login(new NativeLong(session), new NativeLong(userType), pin,
                    new NativeLong(pin.length)));
        } finally {
            Arrays.fill(pin, (byte) 0);
        }
    }

    void logout(long session) {
        check("C_Logout", cryptoki.C_Logout(new NativeLong(session)));
    }

    /** Changes the logged-in user's PIN; the user stays logged in. */
    void setPin(long session, byte[] oldPin, byte[] newPin) {
        try {
            check("C_SetPIN", cryptoki.C_SetPIN(new NativeLong(session), oldPin, new NativeLong(oldPin.length),
                    newPin, new NativeLong(newPin.length)));
        } finally {
            Arrays.fill(oldPin, (byte) 0);
            Arrays.fill(newPin, (byte) 0);
        }
    }

    /**
     * Provisioning: initialises the first uninitialised token (the library keeps one free) as
     * {@code label}; the token has an SO PIN but no user PIN yet.
     *
     * @return the slot of the new token
     */
    long initFreeToken(String label, byte[] soPin) {
        long free = -1;
        for (long slot : slotsWithToken()) {
            if ((tokenInfo(slot).flags.longValue() & Ck.CKF_TOKEN_INITIALIZED) == 0) {
                free = slot;
                break;
            }
        }
        if (free == -1) {
            throw new IllegalStateException("no uninitialised token in " + path);
        }
        byte[] paddedLabel = new byte[LABEL_LENGTH];
        Arrays.fill(paddedLabel, (byte) ' ');
        byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        if (labelBytes.length > LABEL_LENGTH) {
            throw new IllegalArgumentException("a token label has at most 32 bytes");
        }
        System.arraycopy(labelBytes, 0, paddedLabel, 0, labelBytes.length);
        try {
            check("C_InitToken", cryptoki.C_InitToken(new NativeLong(free), soPin, new NativeLong(soPin.length),
                    paddedLabel));
        } finally {
            Arrays.fill(soPin, (byte) 0);
        }
        return free;
    }

    /** Provisioning: the logged-in SO sets the user's first PIN. */
    void initPin(long session, byte[] pin) {
        try {
            check("C_InitPIN", cryptoki.C_InitPIN(new NativeLong(session), pin, new NativeLong(pin.length)));
        } finally {
            Arrays.fill(pin, (byte) 0);
        }
    }

    private static void check(String function, NativeLong rv) {
        if (rv.longValue() != Ck.CKR_OK) {
            throw new Pkcs11Exception(function, rv.longValue());
        }
    }
}
