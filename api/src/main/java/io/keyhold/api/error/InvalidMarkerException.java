package io.keyhold.api.error;

public final class InvalidMarkerException extends KmsException {

    public InvalidMarkerException(String message) {
        super(message);
    }
}
