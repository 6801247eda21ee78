package io.keyhold.connector.pkcs11;

import java.util.Map;

/** The PKCS#11 v2.40 constants (pkcs11t.h) this package uses. */
final class Ck {

    static final long CKR_OK = 0x0;
    static final long CKR_GENERAL_ERROR = 0x5;
    static final long CKR_SLOT_ID_INVALID = 0x3;
    static final long CKR_DEVICE_REMOVED = 0x32;
    static final long CKR_PIN_INCORRECT = 0xA0;
    static final long CKR_PIN_INVALID = 0xA1;
    static final long CKR_PIN_LEN_RANGE = 0xA2;
    static final long CKR_PIN_LOCKED = 0xA4;
    static final long CKR_TOKEN_NOT_PRESENT = 0xE0;
    static final long CKR_USER_ALREADY_LOGGED_IN = 0x100;
    static final long CKR_USER_NOT_LOGGED_IN = 0x101;
    static final long CKR_USER_PIN_NOT_INITIALIZED = 0x102;
    static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;

    static final long CKU_SO = 0;
    static final long CKU_USER = 1;

    static final long CKF_OS_LOCKING_OK = 0x2;
    static final long CKF_RW_SESSION = 0x2;
    static final long CKF_SERIAL_SESSION = 0x4;
    static final long CKF_TOKEN_INITIALIZED = 0x400;

    private static final Map<Long, String> RETURN_VALUE_NAMES = Map.ofEntries(
            Map.entry(CKR_OK, "CKR_OK"),
            Map.entry(CKR_SLOT_ID_INVALID, "CKR_SLOT_ID_INVALID"),
            Map.entry(CKR_GENERAL_ERROR, "CKR_GENERAL_ERROR"),
            Map.entry(CKR_DEVICE_REMOVED, "CKR_DEVICE_REMOVED"),
            Map.entry(CKR_PIN_INCORRECT, "CKR_PIN_INCORRECT"),
            Map.entry(CKR_PIN_INVALID, "CKR_PIN_INVALID"),
            Map.entry(CKR_PIN_LEN_RANGE, "CKR_PIN_LEN_RANGE"),
            Map.entry(CKR_PIN_LOCKED, "CKR_PIN_LOCKED"),
            Map.entry(CKR_TOKEN_NOT_PRESENT, "CKR_TOKEN_NOT_PRESENT"),
            Map.entry(CKR_USER_ALREADY_LOGGED_IN, "CKR_USER_ALREADY_LOGGED_IN"),
            Map.entry(CKR_USER_NOT_LOGGED_IN, "CKR_USER_NOT_LOGGED_IN"),
            Map.entry(CKR_USER_PIN_NOT_INITIALIZED, "CKR_USER_PIN_NOT_INITIALIZED"),
            Map.entry(CKR_CRYPTOKI_ALREADY_INITIALIZED, "CKR_CRYPTOKI_ALREADY_INITIALIZED"));

    private Ck() {
    }

    /** A readable name for logs and messages; unknown values as hex, as the headers write them. */
    static String returnValueName(long rv) {
        return RETURN_VALUE_NAMES.getOrDefault(rv, String.format("CKR_0x%X", rv));
    }
}
