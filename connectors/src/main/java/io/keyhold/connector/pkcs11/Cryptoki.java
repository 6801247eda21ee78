package io.keyhold.connector.pkcs11;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.NativeLongByReference;

import java.nio.charset.StandardCharsets;

/**
 * JNA mapping of the few PKCS#11 v2.40 functions a cluster connection needs. CK_ULONG is C's
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

    NativeLong C_Login(NativeLong session, NativeLong userType, byte[] pin, NativeLong pinLength);

    NativeLong C_Logout(NativeLong session);

    NativeLong C_SetPIN(NativeLong session, byte[] oldPin, NativeLong oldLength, byte[] newPin, NativeLong newLength);

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
