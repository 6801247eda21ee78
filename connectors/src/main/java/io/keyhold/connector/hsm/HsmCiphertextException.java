package io.keyhold.connector.hsm;

/** A ciphertext did not authenticate: its IV, ciphertext, tag or AAD was altered, or another key made it. */
public class HsmCiphertextException extends HsmOperationException {

    private static final long serialVersionUID = 1L;

    public HsmCiphertextException(String message, Throwable cause) {
        super(message, cause);
    }
}
