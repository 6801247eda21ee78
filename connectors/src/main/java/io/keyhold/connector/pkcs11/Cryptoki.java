package io.keyhold.connector.pkcs11;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.NativeLongByReference;

import java.nio.charset.StandardCharsets;

/**
 * JNA mapping of the few PKCS#11 v2.40 functions a cluster connection and its key operations
 * need. CK_ULONG is C's
 * unsigned long, hence NativeLong; structures use natural alignment, as the Unix headers do
 * (Windows headers pack to 1 byte and would need ALIGN_NONE). Every function returns a CK_RV.
 */
interface Cryptoki extends Library {

    NativeLong C_Initialize(InitializeArgs args);

    NativeLong C_GetSlotList(byte tokenPresent, NativeLong[] slotList, NativeLongByReference count);

    NativeLong C_GetTokenInfo(NativeLong slotId, TokenInfo info);

    NativeLong C_OpenSession(NativeLong slotId, NativeLong flags, Pointer application, Pointer notify,
            NativeLongByReference session);

    NativeLong C_CloseSession(NativeLong session);

    NativeLong C_GetSessionInfo(NativeLong session, SessionInfo info);

    NativeLong C_Login(NativeLong session, NativeLong userType, byte[] pin, NativeLong pinLength);

    NativeLong C_Logout(NativeLong session);

    NativeLong C_SetPIN(NativeLong session, byte[] oldPin, NativeLong oldLength, byte[] newPin, NativeLong newLength);

    NativeLong C_GenerateKey(NativeLong session, Mechanism mechanism, Attribute[] template, NativeLong count,
            NativeLongByReference key);

    NativeLong C_DestroyObject(NativeLong session, NativeLong object);

    NativeLong C_GetAttributeValue(NativeLong session, NativeLong object, Attribute[] template, NativeLong count);

    NativeLong C_FindObjectsInit(NativeLong session, Attribute[] template, NativeLong count);

    NativeLong C_FindObjects(NativeLong session, NativeLong[] objects, NativeLong maxCount,
            NativeLongByReference count);

    NativeLong C_FindObjectsFinal(NativeLong session);

    NativeLong C_EncryptInit(NativeLong session, Mechanism mechanism, NativeLong key);

    NativeLong C_Encrypt(NativeLong session, byte[] data, NativeLong dataLength, byte[] encrypted,
            NativeLongByReference encryptedLength);

    NativeLong C_DecryptInit(NativeLong session, Mechanism mechanism, NativeLong key);

    NativeLong C_Decrypt(NativeLong session, byte[] encrypted, NativeLong encryptedLength, byte[] data,
            NativeLongByReference dataLength);

    NativeLong C_GenerateRandom(NativeLong session, byte[] randomData, NativeLong length);

    /** Provisioning only (token set-up by tooling and tests), never on the connect path. */
    NativeLong C_InitToken(NativeLong slotId, byte[] soPin, NativeLong soPinLength, byte[] paddedLabel);

    /** Provisioning only: the SO sets the first user PIN. */
    NativeLong C_InitPIN(NativeLong session, byte[] pin, NativeLong pinLength);

    /** CK_C_INITIALIZE_ARGS; only the flags are used, the mutex callbacks stay null. */
    @Structure.FieldOrder({"createMutex", "destroyMutex", "lockMutex", "unlockMutex", "flags", "reserved"})
    class InitializeArgs extends Structure {
        public Pointer createMutex;
        public Pointer destroyMutex;
        public Pointer lockMutex;
        public Pointer unlockMutex;
        public NativeLong flags;
        public Pointer reserved;
    }

    /**
     * CK_ATTRIBUTE. Arrays of it must be contiguous (Structure.toArray), and the memory pValue
     * points at must stay reachable until the call returns.
     */
    @Structure.FieldOrder({"type", "value", "valueLength"})
    class Attribute extends Structure {
        public NativeLong type;
        public Pointer value;
        public NativeLong valueLength;
    }

    /** CK_MECHANISM; the parameter memory must stay reachable until the call returns. */
    @Structure.FieldOrder({"mechanism", "parameter", "parameterLength"})
    class Mechanism extends Structure {
        public NativeLong mechanism;
        public Pointer parameter;
        public NativeLong parameterLength;
    }

    /**
     * CK_GCM_PARAMS as the v2.40 header declares it, with ulIvBits (the v2.40 specification text
     * omits it; SoftHSM 2.6 and CloudHSM follow the header).
     */
    @Structure.FieldOrder({"iv", "ivLength", "ivBits", "aad", "aadLength", "tagBits"})
    class GcmParams extends Structure {
        public Pointer iv;
        public NativeLong ivLength;
        public NativeLong ivBits;
        public Pointer aad;
        public NativeLong aadLength;
        public NativeLong tagBits;
    }

    /** CK_SESSION_INFO. */
    @Structure.FieldOrder({"slotId", "state", "flags", "deviceError"})
    class SessionInfo extends Structure {
        public NativeLong slotId;
        public NativeLong state;
        public NativeLong flags;
        public NativeLong deviceError;
    }

    @Structure.FieldOrder({"major", "minor"})
    class Version extends Structure {
        public byte major;
        public byte minor;
    }

    /** CK_TOKEN_INFO; only the label and flags are read, the rest must be there for the layout. */
    @Structure.FieldOrder({"label", "manufacturerId", "model", "serialNumber", "flags", "maxSessionCount",
            "sessionCount", "maxRwSessionCount", "rwSessionCount", "maxPinLen", "minPinLen",
            "totalPublicMemory", "freePublicMemory", "totalPrivateMemory", "freePrivateMemory",
            "hardwareVersion", "firmwareVersion", "utcTime"})
    class TokenInfo extends Structure {
        public byte[] label = new byte[32];
        public byte[] manufacturerId = new byte[32];
        public byte[] model = new byte[16];
        public byte[] serialNumber = new byte[16];
        public NativeLong flags;
        public NativeLong maxSessionCount;
        public NativeLong sessionCount;
        public NativeLong maxRwSessionCount;
        public NativeLong rwSessionCount;
        public NativeLong maxPinLen;
        public NativeLong minPinLen;
        public NativeLong totalPublicMemory;
        public NativeLong freePublicMemory;
        public NativeLong totalPrivateMemory;
        public NativeLong freePrivateMemory;
        public Version hardwareVersion;
        public Version firmwareVersion;
        public byte[] utcTime = new byte[16];

        /** The label is blank-padded to 32 bytes, never NUL-terminated. */
        String labelText() {
            return new String(label, StandardCharsets.UTF_8).trim();
        }
    }
}
