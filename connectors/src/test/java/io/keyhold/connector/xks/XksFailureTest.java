package io.keyhold.connector.xks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.keyhold.api.error.KmsException;
import io.keyhold.api.error.XksProxyIncorrectAuthenticationCredentialException;
import io.keyhold.api.error.XksProxyInvalidConfigurationException;
import io.keyhold.api.error.XksProxyInvalidResponseException;
import io.keyhold.api.error.XksProxyUriUnreachableException;
import io.keyhold.api.error.XksProxyVpcEndpointServiceNotFoundException;
import io.keyhold.api.keystore.ConnectionErrorCode;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reporting table of connectors.md A.7, one row per failure. */
class XksFailureTest {

    static Stream<Arguments> reporting() {
        return Stream.of(
                arguments(XksFailure.NOT_REACHABLE, ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE,
                        XksProxyUriUnreachableException.class),
                arguments(XksFailure.TIMED_OUT, ConnectionErrorCode.XKS_PROXY_TIMED_OUT,
                        XksProxyUriUnreachableException.class),
                arguments(XksFailure.INVALID_TLS, ConnectionErrorCode.XKS_PROXY_INVALID_TLS_CONFIGURATION,
                        XksProxyUriUnreachableException.class),
                arguments(XksFailure.AUTHENTICATION_FAILED, ConnectionErrorCode.INVALID_CREDENTIALS,
                        XksProxyIncorrectAuthenticationCredentialException.class),
                arguments(XksFailure.ACCESS_DENIED, ConnectionErrorCode.XKS_PROXY_ACCESS_DENIED,
                        XksProxyInvalidConfigurationException.class),
                arguments(XksFailure.INVALID_URI_PATH, ConnectionErrorCode.XKS_PROXY_INVALID_CONFIGURATION,
                        XksProxyInvalidConfigurationException.class),
                arguments(XksFailure.INVALID_RESPONSE, ConnectionErrorCode.XKS_PROXY_INVALID_RESPONSE,
                        XksProxyInvalidResponseException.class),
                arguments(XksFailure.ALL_EKMS_UNAVAILABLE, ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE,
                        XksProxyUriUnreachableException.class),
                arguments(XksFailure.VPC_ENDPOINT_SERVICE_NOT_FOUND, ConnectionErrorCode.XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND,
                        XksProxyVpcEndpointServiceNotFoundException.class),
                arguments(XksFailure.PROXY_REJECTED, ConnectionErrorCode.XKS_PROXY_INVALID_RESPONSE,
                        XksProxyInvalidResponseException.class),
                arguments(XksFailure.PROXY_FAULT, ConnectionErrorCode.XKS_PROXY_INVALID_RESPONSE,
                        XksProxyInvalidResponseException.class),
                arguments(XksFailure.THROTTLED, ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE,
                        XksProxyUriUnreachableException.class),
                arguments(XksFailure.DEPENDENCY_TIMEOUT, ConnectionErrorCode.XKS_PROXY_TIMED_OUT,
                        XksProxyUriUnreachableException.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reporting")
    void isReportedAsKmsReportsIt(XksFailure failure, ConnectionErrorCode connectionErrorCode,
                                  Class<? extends KmsException> keyStoreManagementException) {
        assertThat(failure.connectionErrorCode()).isEqualTo(connectionErrorCode);
        assertThat(failure.keyStoreManagementException("the cause"))
                .isExactlyInstanceOf(keyStoreManagementException)
                .hasMessage("the cause");
    }

    @Test
    void everyFailureHasARow() {
        assertThat(reporting()).hasSize(XksFailure.values().length);
    }

    @Test
    void onlyTheSpecsErrorNamesAreKnown() {
        assertThat(XksFailure.ofProxyErrorName("KeyNotFoundException")).isEqualTo(XksFailure.PROXY_REJECTED);
        assertThat(XksFailure.ofProxyErrorName("keynotfoundexception")).isNull();
        assertThat(XksFailure.ofProxyErrorName("NoSuchThingException")).isNull();
    }
}
