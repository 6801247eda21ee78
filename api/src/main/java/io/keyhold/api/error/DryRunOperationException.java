package io.keyhold.api.error;

public final class DryRunOperationException extends KmsException {

    public DryRunOperationException(String message) {
        super(message);
    }
}
