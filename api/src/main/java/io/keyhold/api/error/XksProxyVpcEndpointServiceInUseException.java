package io.keyhold.api.error;

public final class XksProxyVpcEndpointServiceInUseException extends KmsException {

    public XksProxyVpcEndpointServiceInUseException(String message) {
        super(message);
    }
}
