package io.keyhold.api.error;

public final class KMSInvalidStateException extends KmsException {

    public KMSInvalidStateException(String message) {
        super(message);
    }
}
