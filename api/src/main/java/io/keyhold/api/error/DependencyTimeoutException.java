package io.keyhold.api.error;

public final class DependencyTimeoutException extends KmsException {

    public DependencyTimeoutException(String message) {
        super(message);
    }

    @Override
    public boolean isServerFault() {
        return true;
    }
}
