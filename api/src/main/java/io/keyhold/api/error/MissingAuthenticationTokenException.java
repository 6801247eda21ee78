package io.keyhold.api.error;

public final class MissingAuthenticationTokenException extends KmsException {

    public MissingAuthenticationTokenException(String message) {
        super(message);
    }

    @Override
    public String errorName() {
        return "MissingAuthenticationToken";
    }
}
