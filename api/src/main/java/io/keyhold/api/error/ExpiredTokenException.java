package io.keyhold.api.error;

public final class ExpiredTokenException extends KmsException {

    public ExpiredTokenException(String message) {
        super(message);
    }
}
