package io.keyhold.connector.pkcs11;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.NativeLongByReference;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * One loaded and initialised PKCS#11 library, with typed calls: every CK_RV other than CKR_OK
 * becomes a {@link Pkcs11Exception}. Sessions are plain handles; each belongs to one caller and
 * is never shared between threads. PIN arrays are wiped once the library has seen them.
 */
final class Pkcs11Library {

    private static final int LABEL_LENGTH = 32;
    static final int GCM_TAG_LENGTH = 16;
    private static final int AES_256_KEY_LENGTH = 32;

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

    /** Fails with CKR_SESSION_HANDLE_INVALID once the session is closed. */
    Cryptoki.SessionInfo sessionInfo(long session) {
        Cryptoki.SessionInfo info = new Cryptoki.SessionInfo();
        check("C_GetSessionInfo", cryptoki.C_GetSessionInfo(new NativeLong(session), info));
        return info;
    }

    /**
     * Generates a persistent, private, sensitive, non-extractable AES-256 key that can only
     * encrypt and decrypt, labelled {@code label} (UTF-8) with the given CKA_ID.
     *
     * @return the key's handle, valid until kmsuser logs out
     */
    long generateAes256Key(long session, String label, byte[] id) {
        Template template = new Template()
                .ulong(Ck.CKA_CLASS, Ck.CKO_SECRET_KEY)
                .ulong(Ck.CKA_KEY_TYPE, Ck.CKK_AES)
                .ulong(Ck.CKA_VALUE_LEN, AES_256_KEY_LENGTH)
                .bool(Ck.CKA_TOKEN, true)
                .bool(Ck.CKA_PRIVATE, true)
                .bool(Ck.CKA_SENSITIVE, true)
                .bool(Ck.CKA_EXTRACTABLE, false)
                .bool(Ck.CKA_ENCRYPT, true)
                .bool(Ck.CKA_DECRYPT, true)
                .bytes(Ck.CKA_LABEL, label.getBytes(StandardCharsets.UTF_8))
                .bytes(Ck.CKA_ID, id);
        Cryptoki.Mechanism mechanism = new Cryptoki.Mechanism();
        mechanism.mechanism = new NativeLong(Ck.CKM_AES_KEY_GEN);
        Cryptoki.Attribute[] attributes = template.toArray();
        NativeLongByReference key = new NativeLongByReference();
        try {
            check("C_GenerateKey", cryptoki.C_GenerateKey(new NativeLong(session), mechanism, attributes,
                    new NativeLong(attributes.length), key));
        } finally {
            Reference.reachabilityFence(template);
        }
        return key.getValue().longValue();
    }

    /** The handles of every secret key labelled {@code label} (UTF-8) visible to the session. */
    long[] findSecretKeys(long session, String label) {
        Template template = new Template()
                .ulong(Ck.CKA_CLASS, Ck.CKO_SECRET_KEY)
                .bytes(Ck.CKA_LABEL, label.getBytes(StandardCharsets.UTF_8));
        Cryptoki.Attribute[] attributes = template.toArray();
        NativeLong handle = new NativeLong(session);
        try {
            check("C_FindObjectsInit", cryptoki.C_FindObjectsInit(handle, attributes,
                    new NativeLong(attributes.length)));
        } finally {
            Reference.reachabilityFence(template);
        }
        List<Long> found = new ArrayList<>();
        try {
            NativeLong[] batch = new NativeLong[16];
            NativeLongByReference count = new NativeLongByReference();
            int got;
            do {
                check("C_FindObjects", cryptoki.C_FindObjects(handle, batch, new NativeLong(batch.length), count));
                got = count.getValue().intValue();
                for (int i = 0; i < got; i++) {
                    found.add(batch[i].longValue());
                }
            } while (got == batch.length);
        } finally {
            check("C_FindObjectsFinal", cryptoki.C_FindObjectsFinal(handle));
        }
        return found.stream().mapToLong(Long::longValue).toArray();
    }

    void destroyObject(long session, long object) {
        check("C_DestroyObject", cryptoki.C_DestroyObject(new NativeLong(session), new NativeLong(object)));
    }

    /** Reads a byte-string attribute; a sensitive one fails with CKR_ATTRIBUTE_SENSITIVE. */
    byte[] attributeBytes(long session, long object, long type) {
        Cryptoki.Attribute[] attributes = (Cryptoki.Attribute[]) new Cryptoki.Attribute().toArray(1);
        attributes[0].type = new NativeLong(type);
        check("C_GetAttributeValue", cryptoki.C_GetAttributeValue(new NativeLong(session), new NativeLong(object),
                attributes, new NativeLong(1)));
        int length = attributes[0].valueLength.intValue();
        Memory value = new Memory(Math.max(1, length));
        attributes[0].value = value;
        attributes[0].valueLength = new NativeLong(length);
        try {
            check("C_GetAttributeValue", cryptoki.C_GetAttributeValue(new NativeLong(session),
                    new NativeLong(object), attributes, new NativeLong(1)));
            return value.getByteArray(0, attributes[0].valueLength.intValue());
        } finally {
            value.clear();
        }
    }

    /** AES-GCM with a 128-bit tag; returns the ciphertext followed by the tag. */
    byte[] gcmEncrypt(long session, long key, byte[] iv, byte[] aad, byte[] plaintext) {
        Gcm gcm = new Gcm(iv, aad);
        byte[] out = new byte[plaintext.length + GCM_TAG_LENGTH];
        NativeLongByReference outLength = new NativeLongByReference(new NativeLong(out.length));
        try {
            check("C_EncryptInit", cryptoki.C_EncryptInit(new NativeLong(session), gcm.mechanism, new NativeLong(key)));
            check("C_Encrypt", cryptoki.C_Encrypt(new NativeLong(session), plaintext, new NativeLong(plaintext.length),
                    out, outLength));
        } finally {
            Reference.reachabilityFence(gcm);
        }
        int length = outLength.getValue().intValue();
        return length == out.length ? out : Arrays.copyOf(out, length);
    }

    /** AES-GCM decryption of ciphertext followed by its 128-bit tag; a wrong tag or AAD fails. */
    byte[] gcmDecrypt(long session, long key, byte[] iv, byte[] aad, byte[] ciphertextAndTag) {
        Gcm gcm = new Gcm(iv, aad);
        byte[] out = new byte[ciphertextAndTag.length];
        NativeLongByReference outLength = new NativeLongByReference(new NativeLong(out.length));
        try {
            check("C_DecryptInit", cryptoki.C_DecryptInit(new NativeLong(session), gcm.mechanism, new NativeLong(key)));
            check("C_Decrypt", cryptoki.C_Decrypt(new NativeLong(session), ciphertextAndTag,
                    new NativeLong(ciphertextAndTag.length), out, outLength));
        } finally {
            Reference.reachabilityFence(gcm);
        }
        int length = outLength.getValue().intValue();
        byte[] plaintext = Arrays.copyOf(out, length);
        Arrays.fill(out, (byte) 0);
        return plaintext;
    }

    /** {@code length} bytes from the token's random number generator. */
    byte[] generateRandom(long session, int length) {
        byte[] random = new byte[length];
        check("C_GenerateRandom", cryptoki.C_GenerateRandom(new NativeLong(session), random, new NativeLong(length)));
        return random;
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

    /** A CKM_AES_GCM mechanism and the native memory it points at, kept together for the call. */
    private static final class Gcm {

        final Cryptoki.Mechanism mechanism = new Cryptoki.Mechanism();
        private final Cryptoki.GcmParams params = new Cryptoki.GcmParams();
        private final Memory iv;
        private final Memory aad;

        Gcm(byte[] ivBytes, byte[] aadBytes) {
            iv = copy(ivBytes);
            aad = aadBytes == null || aadBytes.length == 0 ? null : copy(aadBytes);
            params.iv = iv;
            params.ivLength = new NativeLong(ivBytes.length);
            params.ivBits = new NativeLong(ivBytes.length * 8L);
            params.aad = aad;
            params.aadLength = new NativeLong(aad == null ? 0 : aadBytes.length);
            params.tagBits = new NativeLong(GCM_TAG_LENGTH * 8L);
            params.write();
            mechanism.mechanism = new NativeLong(Ck.CKM_AES_GCM);
            mechanism.parameter = params.getPointer();
            mechanism.parameterLength = new NativeLong(params.size());
        }
    }

    /** An attribute template; holds the native memory its attributes point at. */
    private static final class Template {

        private final List<Long> types = new ArrayList<>();
        private final List<Memory> values = new ArrayList<>();
        private final List<Integer> lengths = new ArrayList<>();

        Template ulong(long type, long value) {
            Memory memory = new Memory(NativeLong.SIZE);
            memory.setNativeLong(0, new NativeLong(value));
            return add(type, memory, NativeLong.SIZE);
        }

        Template bool(long type, boolean value) {
            return bytes(type, new byte[] {(byte) (value ? 1 : 0)});
        }

        Template bytes(long type, byte[] value) {
            return add(type, copy(value), value.length);
        }

        private Template add(long type, Memory value, int length) {
            types.add(type);
            values.add(value);
            lengths.add(length);
            return this;
        }

        Cryptoki.Attribute[] toArray() {
            Cryptoki.Attribute[] attributes = (Cryptoki.Attribute[]) new Cryptoki.Attribute().toArray(types.size());
            for (int i = 0; i < attributes.length; i++) {
                attributes[i].type = new NativeLong(types.get(i));
                attributes[i].value = values.get(i);
                attributes[i].valueLength = new NativeLong(lengths.get(i));
            }
            return attributes;
        }
    }

    /** Memory is never zero-sized: JNA refuses that. The length is passed separately. */
    private static Memory copy(byte[] bytes) {
        Memory memory = new Memory(Math.max(1, bytes.length));
        memory.write(0, bytes, 0, bytes.length);
        return memory;
    }

    private static void check(String function, NativeLong rv) {
        if (rv.longValue() != Ck.CKR_OK) {
            throw new Pkcs11Exception(function, rv.longValue());
        }
    }
}
