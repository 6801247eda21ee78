package io.keyhold.api.error;

public final class CloudHsmClusterNotFoundException extends KmsException {

    public CloudHsmClusterNotFoundException(String message) {
        super(message);
    }
}
