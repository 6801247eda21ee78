package io.keyhold.api.error;

public final class XksProxyUriUnreachableException extends KmsException {

    public XksProxyUriUnreachableException(String message) {
        super(message);
    }
}
