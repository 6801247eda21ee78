package io.keyhold.api.error;

public final class MalformedPolicyDocumentException extends KmsException {

    public MalformedPolicyDocumentException(String message) {
        super(message);
    }
}
