package io.keyhold.api.error;

public final class AlreadyExistsException extends KmsException {

    public AlreadyExistsException(String message) {
        super(message);
    }
}
