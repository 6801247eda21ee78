package io.keyhold.api.error;

public final class XksKeyInvalidConfigurationException extends KmsException {

    public XksKeyInvalidConfigurationException(String message) {
        super(message);
    }
}
