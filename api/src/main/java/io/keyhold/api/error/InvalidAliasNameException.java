package io.keyhold.api.error;

public final class InvalidAliasNameException extends KmsException {

    public InvalidAliasNameException(String message) {
        super(message);
    }
}
