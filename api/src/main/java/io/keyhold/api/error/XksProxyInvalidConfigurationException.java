package io.keyhold.api.error;

public final class XksProxyInvalidConfigurationException extends KmsException {

    public XksProxyInvalidConfigurationException(String message) {
        super(message);
    }
}
