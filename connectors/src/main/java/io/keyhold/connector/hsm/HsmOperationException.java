package io.keyhold.connector.hsm;

/**
 * A key operation on an HSM cluster failed for a reason other than a missing key: the token
 * refused it (a wrong tag or AAD among others), the session is closed, or no HSM session was
 * free in time. The message names the operation, never plaintext or key material.
 */
public class HsmOperationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HsmOperationException(String message) {
        super(message);
    }

    public HsmOperationException(String message, Throwable cause) {
        super(message, cause);
    }
}
