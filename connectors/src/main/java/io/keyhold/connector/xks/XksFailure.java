package io.keyhold.connector.xks;

import io.keyhold.api.error.KmsException;
import io.keyhold.api.error.XksProxyIncorrectAuthenticationCredentialException;
import io.keyhold.api.error.XksProxyInvalidConfigurationException;
import io.keyhold.api.error.XksProxyInvalidResponseException;
import io.keyhold.api.error.XksProxyUriUnreachableException;
import io.keyhold.api.error.XksProxyVpcEndpointServiceNotFoundException;
import io.keyhold.api.keystore.ConnectionErrorCode;

import java.util.Map;
import java.util.function.Function;

/**
 * Why a call to an XKS proxy failed, with how KMS reports it (connectors.md A.7): as a
 * ConnectionErrorCode when a connect fails, and as an {@code XksProxy*Exception} from
 * CreateCustomKeyStore and UpdateCustomKeyStore. Crypto callers map failures themselves
 * (to KMSInvalidStateException), using {@link XksProxyException#proxyErrorName()} for PROXY_REJECTED.
 */
public enum XksFailure {
    /** No TCP connection: refused, unknown host, or the connection broke before an answer. */
    NOT_REACHABLE(ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE, XksProxyUriUnreachableException::new),
    /** Connected, but no answer within the timeout. */
    TIMED_OUT(ConnectionErrorCode.XKS_PROXY_TIMED_OUT, XksProxyUriUnreachableException::new),
    /** TLS handshake failed: untrusted or expired certificate, host name mismatch, no common protocol. */
    INVALID_TLS(ConnectionErrorCode.XKS_PROXY_INVALID_TLS_CONFIGURATION, XksProxyUriUnreachableException::new),
    /** 401 AuthenticationFailedException: the proxy did not accept the SigV4 credential. */
    AUTHENTICATION_FAILED(ConnectionErrorCode.INVALID_CREDENTIALS,
            XksProxyIncorrectAuthenticationCredentialException::new),
    /**
     * 403 AccessDeniedException. KMS documents no Create/UpdateCustomKeyStore exception for it; the
     * proxy's authorization rules are part of its configuration, so we use
     * XksProxyInvalidConfigurationException.
     */
    ACCESS_DENIED(ConnectionErrorCode.XKS_PROXY_ACCESS_DENIED, XksProxyInvalidConfigurationException::new),
    /** 404 InvalidUriPathException: the XksProxyUriPath is wrong. */
    INVALID_URI_PATH(ConnectionErrorCode.XKS_PROXY_INVALID_CONFIGURATION, XksProxyInvalidConfigurationException::new),
    /** The answer cannot be interpreted: not JSON, missing or malformed fields, CDIV mismatch, unknown error. */
    INVALID_RESPONSE(ConnectionErrorCode.XKS_PROXY_INVALID_RESPONSE, XksProxyInvalidResponseException::new),
    /** GetHealthStatus reports every external key manager UNAVAILABLE. */
    ALL_EKMS_UNAVAILABLE(ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE, XksProxyUriUnreachableException::new),
    /** The VPC endpoint service name is unknown. */
    VPC_ENDPOINT_SERVICE_NOT_FOUND(ConnectionErrorCode.XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND,
            XksProxyVpcEndpointServiceNotFoundException::new),
    /**
     * The proxy refused the request with ValidationException, KeyNotFoundException,
     * InvalidStateException, InvalidCiphertextException, InvalidKeyUsageException or
     * UnsupportedOperationException; {@link XksProxyException#proxyErrorName()} says which.
     */
    PROXY_REJECTED(ConnectionErrorCode.XKS_PROXY_INVALID_RESPONSE, XksProxyInvalidResponseException::new),
    /** 500 InternalException: the proxy failed, typically reaching its external key manager. */
    PROXY_FAULT(ConnectionErrorCode.XKS_PROXY_INVALID_RESPONSE, XksProxyInvalidResponseException::new),
    /** 429 ThrottlingException. */
    THROTTLED(ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE, XksProxyUriUnreachableException::new),
    /** 503 DependencyTimeoutException: the proxy timed out reaching its external key manager. */
    DEPENDENCY_TIMEOUT(ConnectionErrorCode.XKS_PROXY_TIMED_OUT, XksProxyUriUnreachableException::new);

    private static final Map<String, XksFailure> BY_PROXY_ERROR_NAME = Map.ofEntries(
            Map.entry("AuthenticationFailedException", AUTHENTICATION_FAILED),
            Map.entry("AccessDeniedException", ACCESS_DENIED),
            Map.entry("InvalidUriPathException", INVALID_URI_PATH),
            Map.entry("ThrottlingException", THROTTLED),
            Map.entry("DependencyTimeoutException", DEPENDENCY_TIMEOUT),
            Map.entry("InternalException", PROXY_FAULT),
            Map.entry("ValidationException", PROXY_REJECTED),
            Map.entry("KeyNotFoundException", PROXY_REJECTED),
            Map.entry("InvalidStateException", PROXY_REJECTED),
            Map.entry("InvalidCiphertextException", PROXY_REJECTED),
            Map.entry("InvalidKeyUsageException", PROXY_REJECTED),
            Map.entry("UnsupportedOperationException", PROXY_REJECTED));

    private final ConnectionErrorCode connectionErrorCode;
    private final Function<String, KmsException> keyStoreManagementException;

    XksFailure(ConnectionErrorCode connectionErrorCode, Function<String, KmsException> keyStoreManagementException) {
        this.connectionErrorCode = connectionErrorCode;
        this.keyStoreManagementException = keyStoreManagementException;
    }

    /** The ConnectionErrorCode a failed ConnectCustomKeyStore reports. */
    public ConnectionErrorCode connectionErrorCode() {
        return connectionErrorCode;
    }

    /** The exception CreateCustomKeyStore and UpdateCustomKeyStore throw, carrying {@code message}. */
    public KmsException keyStoreManagementException(String message) {
        return keyStoreManagementException.apply(message);
    }

    /** The failure an XKS API errorName stands for, or null for a name the spec does not define. */
    static XksFailure ofProxyErrorName(String errorName) {
        return BY_PROXY_ERROR_NAME.get(errorName);
    }
}
