package io.keyhold.api.error;

/** KMS's UnsupportedOperationException (not {@link java.lang.UnsupportedOperationException}). */
public final class UnsupportedOperationException extends KmsException {

    public UnsupportedOperationException(String message) {
        super(message);
    }
}
