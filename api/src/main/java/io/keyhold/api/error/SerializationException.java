package io.keyhold.api.error;

public final class SerializationException extends KmsException {

    public SerializationException(String message) {
        super(message);
    }
}
