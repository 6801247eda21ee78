package io.keyhold.api.error;

public final class InvalidArnException extends KmsException {

    public InvalidArnException(String message) {
        super(message);
    }
}
