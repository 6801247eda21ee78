package io.keyhold.server.limits;

import io.keyhold.api.error.KMSInternalException;
import io.keyhold.api.error.KmsException;
import io.keyhold.api.error.RequestEntityTooLargeException;
import io.keyhold.api.error.SerializationException;
import io.keyhold.api.error.UnknownOperationException;

/** KMS errors for failures the servlet container detects itself, by the HTTP status it chose. */
final class HttpErrors {

    private HttpErrors() {
    }

    static KmsException forStatus(int status, Throwable cause) {
        if (status == 413) {
            return new RequestEntityTooLargeException("The request is larger than the server accepts.");
        }
        if (status == 404 || status == 405) {
            return new UnknownOperationException("Keyhold serves the KMS API as POST / only.");
        }
        if (status >= 400 && status < 500) {
            return new SerializationException(isHeaderTooLarge(cause)
                    ? "The request headers are larger than the server accepts."
                    : "The request could not be read.");
        }
        return new KMSInternalException(
                "The request was rejected because an internal exception occurred. The request can be retried.");
    }

    static boolean isHeaderTooLarge(Throwable cause) {
        return cause != null && String.valueOf(cause.getMessage()).contains("header is too large");
    }
}
