package io.keyhold.server.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;

/** KMS errors as the AWS SDK for Java v2 raises them from a Keyhold response. */
public final class KmsErrors {

    private KmsErrors() {
    }

    /**
     * Runs {@code call}, expects the SDK to raise exactly {@code type} for a 400 whose error code
     * is {@code errorCode}, and returns it.
     */
    public static <E extends KmsException> E expectError(Class<E> type, String errorCode, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected %s", errorCode).isNotNull();
        assertThat(thrown.getClass()).as("SDK exception class of %s", thrown).isEqualTo(type);
        E error = type.cast(thrown);
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo(errorCode);
        assertThat(error.awsErrorDetails().errorMessage()).isNotBlank();
        assertThat(error.requestId()).isNotBlank();
        return error;
    }

    public static <E extends KmsException> E expectError(Class<E> type, ThrowingCallable call) {
        return expectError(type, type.getSimpleName(), call);
    }

    /** InvalidCiphertextException as KMS sends it: 400, the error code and no message at all. */
    public static InvalidCiphertextException expectInvalidCiphertext(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected InvalidCiphertextException").isInstanceOf(InvalidCiphertextException.class);
        InvalidCiphertextException error = (InvalidCiphertextException) thrown;
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidCiphertextException");
        assertThat(error.awsErrorDetails().errorMessage()).isNull();
        return error;
    }

    /** KMSInvalidStateException (its error code is not the SDK class's name); returns its message. */
    public static String expectInvalidState(ThrowingCallable call) {
        return expectError(KmsInvalidStateException.class, "KMSInvalidStateException", call)
                .awsErrorDetails().errorMessage();
    }

    /** An error the KMS model does not define: the SDK raises the base {@link KmsException}. */
    public static KmsException expectUnmodeledError(String errorCode, ThrowingCallable call) {
        return expectError(KmsException.class, errorCode, call);
    }
}
