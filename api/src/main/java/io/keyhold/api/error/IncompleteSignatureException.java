package io.keyhold.api.error;

public final class IncompleteSignatureException extends KmsException {

    public IncompleteSignatureException(String message) {
        super(message);
    }

    /** KMS names it without the suffix (kms-api.md 1.3), as it does MissingAuthenticationToken. */
    @Override
    public String errorName() {
        return "IncompleteSignature";
    }
}
