package io.keyhold.connector.xks;

import java.util.Objects;

/**
 * A proxy call failed. The message names the cause for the KMS caller; it never carries a secret,
 * plaintext, key material or the proxy's own errorMessage.
 */
public class XksProxyException extends Exception {

    private final XksFailure failure;
    private final String proxyErrorName;

    public XksProxyException(XksFailure failure, String message) {
        this(failure, message, null, null);
    }

    public XksProxyException(XksFailure failure, String message, String proxyErrorName, Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.proxyErrorName = proxyErrorName;
    }

    public XksFailure failure() {
        return failure;
    }

    /** The errorName the proxy answered with, or null when the failure is not a proxy error answer. */
    public String proxyErrorName() {
        return proxyErrorName;
    }
}
