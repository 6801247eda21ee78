package io.keyhold.connector;

import io.keyhold.api.keystore.ConnectionErrorCode;

/** A connection attempt failed for a reason KMS reports as a ConnectionErrorCode. */
public class ConnectionFailedException extends Exception {

    private final ConnectionErrorCode errorCode;

    public ConnectionFailedException(ConnectionErrorCode errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public ConnectionErrorCode errorCode() {
        return errorCode;
    }
}
