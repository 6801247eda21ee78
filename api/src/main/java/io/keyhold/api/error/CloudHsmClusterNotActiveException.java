package io.keyhold.api.error;

public final class CloudHsmClusterNotActiveException extends KmsException {

    public CloudHsmClusterNotActiveException(String message) {
        super(message);
    }
}
