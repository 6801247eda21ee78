package io.keyhold.api.error;

public final class UnrecognizedClientException extends KmsException {

    public UnrecognizedClientException(String message) {
        super(message);
    }
}
