package io.keyhold.xksproxy.api;

/** The error names of the XKS proxy API v1 and the one place that maps each to its HTTP status. */
public enum XksErrorName {
    ValidationException(400),
    InvalidStateException(400),
    InvalidCiphertextException(400),
    InvalidKeyUsageException(400),
    AuthenticationFailedException(401),
    AccessDeniedException(403),
    KeyNotFoundException(404),
    InvalidUriPathException(404),
    ThrottlingException(429),
    UnsupportedOperationException(501),
    DependencyTimeoutException(503),
    InternalException(500);

    private final int httpStatus;

    XksErrorName(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
