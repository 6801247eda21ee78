package io.keyhold.api.error;

public final class XksProxyIncorrectAuthenticationCredentialException extends KmsException {

    public XksProxyIncorrectAuthenticationCredentialException(String message) {
        super(message);
    }
}
