package io.keyhold.api.error;

public final class CloudHsmClusterInUseException extends KmsException {

    public CloudHsmClusterInUseException(String message) {
        super(message);
    }
}
