package io.keyhold.api.error;

public final class KMSInternalException extends KmsException {

    public KMSInternalException(String message) {
        super(message);
    }

    @Override
    public boolean isServerFault() {
        return true;
    }
}
