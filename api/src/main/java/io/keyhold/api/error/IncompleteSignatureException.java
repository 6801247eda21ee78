package io.keyhold.api.error;

public final class IncompleteSignatureException extends KmsException {

    public IncompleteSignatureException(String message) {
        super(message);
    }
}
