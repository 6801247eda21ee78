package io.keyhold.api.error;

public final class XksKeyNotFoundException extends KmsException {

    public XksKeyNotFoundException(String message) {
        super(message);
    }
}
