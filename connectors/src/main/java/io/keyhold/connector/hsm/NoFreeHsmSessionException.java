package io.keyhold.connector.hsm;

/** Every HSM session of the pool stayed busy for the whole wait bound (KMS: out of PKCS#11 sessions). */
public class NoFreeHsmSessionException extends HsmOperationException {

    private static final long serialVersionUID = 1L;

    public NoFreeHsmSessionException(String message) {
        super(message);
    }
}
