package io.keyhold.api.error;

public final class AccessDeniedException extends KmsException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
