package io.keyhold.xksproxy.api;

/**
 * A failure the proxy reports to KMS as {@code {"errorName": ..., "errorMessage": ...}}. One subtype per
 * error name; the HTTP status comes from {@link XksErrorName}.
 */
public abstract sealed class XksException extends RuntimeException {

    private final XksErrorName errorName;

    private XksException(XksErrorName errorName, String message) {
        super(message);
        this.errorName = errorName;
    }

    private XksException(XksErrorName errorName, String message, Throwable cause) {
        super(message, cause);
        this.errorName = errorName;
    }

    public XksErrorName errorName() {
        return errorName;
    }

    public int httpStatus() {
        return errorName.httpStatus();
    }

    public static final class Validation extends XksException {
        public Validation(String message) {
            super(XksErrorName.ValidationException, message);
        }
    }

    public static final class InvalidState extends XksException {
        public InvalidState(String message) {
            super(XksErrorName.InvalidStateException, message);
        }
    }

    public static final class InvalidCiphertext extends XksException {
        public InvalidCiphertext(String message) {
            super(XksErrorName.InvalidCiphertextException, message);
        }
    }

    public static final class InvalidKeyUsage extends XksException {
        public InvalidKeyUsage(String message) {
            super(XksErrorName.InvalidKeyUsageException, message);
        }
    }

    public static final class AuthenticationFailed extends XksException {
        public AuthenticationFailed(String message) {
            super(XksErrorName.AuthenticationFailedException, message);
        }
    }

    public static final class AccessDenied extends XksException {
        public AccessDenied(String message) {
            super(XksErrorName.AccessDeniedException, message);
        }
    }

    public static final class KeyNotFound extends XksException {
        public KeyNotFound(String message) {
            super(XksErrorName.KeyNotFoundException, message);
        }
    }

    public static final class InvalidUriPath extends XksException {
        public InvalidUriPath(String message) {
            super(XksErrorName.InvalidUriPathException, message);
        }
    }

    public static final class Throttling extends XksException {
        public Throttling(String message) {
            super(XksErrorName.ThrottlingException, message);
        }
    }

    public static final class UnsupportedOperation extends XksException {
        public UnsupportedOperation(String message) {
            super(XksErrorName.UnsupportedOperationException, message);
        }
    }

    public static final class DependencyTimeout extends XksException {
        public DependencyTimeout(String message) {
            super(XksErrorName.DependencyTimeoutException, message);
        }
    }

    public static final class Internal extends XksException {
        public Internal(String message) {
            super(XksErrorName.InternalException, message);
        }

        public Internal(String message, Throwable cause) {
            super(XksErrorName.InternalException, message, cause);
        }
    }
}
