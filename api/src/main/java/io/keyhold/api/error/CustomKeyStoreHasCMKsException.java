package io.keyhold.api.error;

public final class CustomKeyStoreHasCMKsException extends KmsException {

    public CustomKeyStoreHasCMKsException(String message) {
        super(message);
    }
}
