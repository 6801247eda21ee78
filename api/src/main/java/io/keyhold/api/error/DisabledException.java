package io.keyhold.api.error;

public final class DisabledException extends KmsException {

    public DisabledException(String message) {
        super(message);
    }
}
