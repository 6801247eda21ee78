package io.keyhold.api.error;

/**
 * An error KMS reports by name. The error name on the wire is the simple class name, so every
 * subclass is named exactly as the KMS error shape; the message is the text sent to the caller
 * and must never contain a secret.
 */
public abstract class KmsException extends RuntimeException {

    protected KmsException(String message) {
        super(message, null, false, false);
    }

    /** The name sent as {@code __type}. */
    public String errorName() {
        return getClass().getSimpleName();
    }

    /** True for server faults (sent as 5xx, retried by the SDKs); false for caller faults (400). */
    public boolean isServerFault() {
        return false;
    }
}
