package io.keyhold.api.error;

public final class InvalidSignatureException extends KmsException {

    public InvalidSignatureException(String message) {
        super(message);
    }
}
