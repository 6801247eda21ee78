package io.keyhold.api.error;

public final class KeyUnavailableException extends KmsException {

    public KeyUnavailableException(String message) {
        super(message);
    }

    @Override
    public boolean isServerFault() {
        return true;
    }
}
