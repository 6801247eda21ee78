package io.keyhold.api.error;

public final class CustomKeyStoreNameInUseException extends KmsException {

    public CustomKeyStoreNameInUseException(String message) {
        super(message);
    }
}
