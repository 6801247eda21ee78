package io.keyhold.api.error;

public final class UnknownOperationException extends KmsException {

    public UnknownOperationException(String message) {
        super(message);
    }
}
