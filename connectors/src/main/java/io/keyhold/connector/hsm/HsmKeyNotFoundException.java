package io.keyhold.connector.hsm;

/** The HSM cluster has no key labelled with the requested key ARN. */
public class HsmKeyNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HsmKeyNotFoundException(String message) {
        super(message);
    }
}
