package io.keyhold.api.error;

/** A request rate quota was exceeded; the SDKs retry this error with backoff. */
public final class ThrottlingException extends KmsException {

    public ThrottlingException(String message) {
        super(message);
    }
}
