package io.keyhold.api.error;

public final class XksKeyAlreadyInUseException extends KmsException {

    public XksKeyAlreadyInUseException(String message) {
        super(message);
    }
}
