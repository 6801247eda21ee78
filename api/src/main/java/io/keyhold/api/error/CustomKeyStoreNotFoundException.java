package io.keyhold.api.error;

public final class CustomKeyStoreNotFoundException extends KmsException {

    public CustomKeyStoreNotFoundException(String message) {
        super(message);
    }
}
