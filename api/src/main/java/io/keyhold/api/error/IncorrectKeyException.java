package io.keyhold.api.error;

public final class IncorrectKeyException extends KmsException {

    public IncorrectKeyException(String message) {
        super(message);
    }
}
