package io.keyhold.api.error;

public final class IncorrectTrustAnchorException extends KmsException {

    public IncorrectTrustAnchorException(String message) {
        super(message);
    }
}
