package io.keyhold.api.error;

public final class InvalidKeyUsageException extends KmsException {

    public InvalidKeyUsageException(String message) {
        super(message);
    }
}
