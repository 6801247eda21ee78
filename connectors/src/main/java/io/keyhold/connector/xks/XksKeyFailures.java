package io.keyhold.connector.xks;

import io.keyhold.api.error.CustomKeyStoreInvalidStateException;
import io.keyhold.api.error.KMSInvalidStateException;
import io.keyhold.api.error.KmsException;
import io.keyhold.api.error.XksKeyInvalidConfigurationException;
import io.keyhold.api.error.XksKeyNotFoundException;

import java.util.Locale;

/**
 * How KMS reports a failed proxy call about an XKS key (connectors.md A.7, "How KMS surfaces proxy
 * failures"): CreateKey with the XksKey exceptions for what is wrong with the external key and
 * CustomKeyStoreInvalidStateException for the proxy itself; every crypto call with
 * KMSInvalidStateException. Messages name the cause, never the proxy's own errorMessage.
 */
final class XksKeyFailures {

    private XksKeyFailures() {
    }

    static KmsException ofCreateKey(XksProxyException failure, String xksKeyId) {
        String rejection = failure.failure() == XksFailure.PROXY_REJECTED ? failure.proxyErrorName() : "";
        return switch (rejection) {
            case "KeyNotFoundException" -> new XksKeyNotFoundException("The external key store proxy cannot find the"
                    + " external key " + xksKeyId + ". Verify the XksKeyId and that the key exists in the external"
                    + " key manager.");
            case "InvalidStateException" -> new XksKeyInvalidConfigurationException("The external key " + xksKeyId
                    + " must be enabled in the external key manager, but the external key store proxy reports it"
                    + " disabled or deactivated.");
            case "InvalidKeyUsageException" -> new XksKeyInvalidConfigurationException("The key usage of the external"
                    + " key " + xksKeyId + " must include ENCRYPT and DECRYPT, but the external key store proxy does"
                    + " not permit KMS to use it.");
            default -> new CustomKeyStoreInvalidStateException(failure.getMessage());
        };
    }

    /** {@code operation} is the proxy API that failed: Encrypt or Decrypt. */
    static KMSInvalidStateException ofCrypto(XksProxyException failure, String keyArn, String xksKeyId,
                                             String operation) {
        String rejection = failure.failure() == XksFailure.PROXY_REJECTED ? failure.proxyErrorName() : "";
        String cause = switch (rejection) {
            case "KeyNotFoundException" -> "The external key store proxy cannot find the external key " + xksKeyId
                    + ".";
            case "InvalidStateException" -> "The external key " + xksKeyId + " is disabled or deactivated in the"
                    + " external key manager.";
            case "InvalidCiphertextException" -> "The external key store proxy rejected the ciphertext: the"
                    + " ciphertext or its encryption context is corrupted, missing, or otherwise invalid.";
            case "InvalidKeyUsageException" -> "The external key " + xksKeyId + " does not permit " + operation + ".";
            case "UnsupportedOperationException" -> "The external key store proxy does not support this " + operation
                    + " request.";
            case "ValidationException" -> "The external key store proxy rejected the " + operation
                    + " request as invalid.";
            default -> failure.getMessage();
        };
        return unusable(keyArn, operation, cause);
    }

    static KMSInvalidStateException unusable(String keyArn, String operation, String cause) {
        return new KMSInvalidStateException("KMS cannot " + operation.toLowerCase(Locale.ROOT) + " with "
                + keyArn + ". " + cause);
    }
}
