package io.keyhold.api.key;

/**
 * KMS key states as KMS spells them on the wire ({@link #kmsName()}). A key records only
 * ENABLED, DISABLED or PENDING_DELETION; UNAVAILABLE is derived while its store is not CONNECTED.
 */
public enum KeyState {
    ENABLED("Enabled"),
    DISABLED("Disabled"),
    PENDING_DELETION("PendingDeletion"),
    UNAVAILABLE("Unavailable");

    private final String kmsName;

    KeyState(String kmsName) {
        this.kmsName = kmsName;
    }

    public String kmsName() {
        return kmsName;
    }
}
