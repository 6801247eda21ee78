package io.keyhold.connector.pkcs11;

/** A PKCS#11 function returned something other than CKR_OK. */
class Pkcs11Exception extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String function;
    private final long returnValue;

    Pkcs11Exception(String function, long returnValue) {
        super(function + " returned " + Ck.returnValueName(returnValue));
        this.function = function;
        this.returnValue = returnValue;
    }

    String function() {
        return function;
    }

    long returnValue() {
        return returnValue;
    }
}
