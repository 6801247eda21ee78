package io.keyhold.api.error;

public final class ValidationException extends KmsException {

    public ValidationException(String message) {
        super(message);
    }
}
