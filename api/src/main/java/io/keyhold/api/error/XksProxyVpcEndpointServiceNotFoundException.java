package io.keyhold.api.error;

public final class XksProxyVpcEndpointServiceNotFoundException extends KmsException {

    public XksProxyVpcEndpointServiceNotFoundException(String message) {
        super(message);
    }
}
