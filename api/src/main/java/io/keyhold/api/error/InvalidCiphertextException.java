package io.keyhold.api.error;

public final class InvalidCiphertextException extends KmsException {

    public InvalidCiphertextException(String message) {
        super(message);
    }
}
