package io.keyhold.api.error;

public final class CloudHsmClusterInvalidConfigurationException extends KmsException {

    public CloudHsmClusterInvalidConfigurationException(String message) {
        super(message);
    }
}
