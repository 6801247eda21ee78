package io.keyhold.api.error;

public final class XksProxyVpcEndpointServiceInvalidConfigurationException extends KmsException {

    public XksProxyVpcEndpointServiceInvalidConfigurationException(String message) {
        super(message);
    }
}
