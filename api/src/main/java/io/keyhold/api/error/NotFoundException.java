package io.keyhold.api.error;

public final class NotFoundException extends KmsException {

    public NotFoundException(String message) {
        super(message);
    }
}
