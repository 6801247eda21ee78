package io.keyhold.api.error;

public final class XksProxyUriEndpointInUseException extends KmsException {

    public XksProxyUriEndpointInUseException(String message) {
        super(message);
    }
}
