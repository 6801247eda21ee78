package io.keyhold.api.error;

/** The request body is larger than the server accepts; sent with HTTP 413 and never retried. */
public final class RequestEntityTooLargeException extends KmsException {

    public RequestEntityTooLargeException(String message) {
        super(message);
    }
}
