package io.keyhold.api.error;

public final class XksProxyUriInUseException extends KmsException {

    public XksProxyUriInUseException(String message) {
        super(message);
    }
}
