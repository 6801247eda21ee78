package io.keyhold.api.error;

public final class LimitExceededException extends KmsException {

    public LimitExceededException(String message) {
        super(message);
    }
}
