package io.keyhold.api.error;

public final class CloudHsmClusterNotRelatedException extends KmsException {

    public CloudHsmClusterNotRelatedException(String message) {
        super(message);
    }
}
