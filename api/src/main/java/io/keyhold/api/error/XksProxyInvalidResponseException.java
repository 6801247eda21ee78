package io.keyhold.api.error;

public final class XksProxyInvalidResponseException extends KmsException {

    public XksProxyInvalidResponseException(String message) {
        super(message);
    }
}
