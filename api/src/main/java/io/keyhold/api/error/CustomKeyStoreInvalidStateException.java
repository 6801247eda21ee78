package io.keyhold.api.error;

public final class CustomKeyStoreInvalidStateException extends KmsException {

    public CustomKeyStoreInvalidStateException(String message) {
        super(message);
    }
}
