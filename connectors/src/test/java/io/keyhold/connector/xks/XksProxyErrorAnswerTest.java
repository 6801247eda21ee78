package io.keyhold.connector.xks;

import static io.keyhold.connector.xks.XksFixtures.CREATE_KEY;
import static io.keyhold.connector.xks.XksFixtures.CREDENTIAL;
import static io.keyhold.connector.xks.XksFixtures.EXTERNAL_KEY_ID;
import static io.keyhold.connector.xks.XksFixtures.HEALTH_CHECK;
import static io.keyhold.connector.xks.XksFixtures.TARGET;
import static io.keyhold.connector.xks.XksFixtures.assertReportedAs;
import static io.keyhold.connector.xks.XksFixtures.clientOf;
import static io.keyhold.connector.xks.XksFixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.keyhold.api.error.KmsException;
import io.keyhold.api.error.XksProxyIncorrectAuthenticationCredentialException;
import io.keyhold.api.error.XksProxyInvalidConfigurationException;
import io.keyhold.api.error.XksProxyInvalidResponseException;
import io.keyhold.api.error.XksProxyUriUnreachableException;
import io.keyhold.api.keystore.ConnectionErrorCode;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A proxy that answers with an error: the XKS error names of connectors.md A.7 and malformed errors. */
class XksProxyErrorAnswerTest {

    private static StubXksProxy proxy;
    private static XksProxyClient client;

    @BeforeAll
    static void start() {
        proxy = XksFixtures.proxy();
        client = clientOf(proxy);
    }

    @AfterAll
    static void stop() {
        client.close();
        proxy.close();
    }

    static Stream<Arguments> errorAnswers() {
        return Stream.of(
                arguments(401, "AuthenticationFailedException", XksFailure.AUTHENTICATION_FAILED,
                        ConnectionErrorCode.INVALID_CREDENTIALS, XksProxyIncorrectAuthenticationCredentialException.class,
                        "rejected the signature of the GetKeyMetadata request (AuthenticationFailedException); "
                                + "check the XksProxyAuthenticationCredential."),
                arguments(403, "AccessDeniedException", XksFailure.ACCESS_DENIED,
                        ConnectionErrorCode.XKS_PROXY_ACCESS_DENIED, XksProxyInvalidConfigurationException.class,
                        "denied the GetKeyMetadata request (AccessDeniedException)."),
                arguments(404, "InvalidUriPathException", XksFailure.INVALID_URI_PATH,
                        ConnectionErrorCode.XKS_PROXY_INVALID_CONFIGURATION, XksProxyInvalidConfigurationException.class,
                        "does not serve the URI path /tenant1/kms/xks/v1 (InvalidUriPathException); "
                                + "check the XksProxyUriPath."),
                arguments(429, "ThrottlingException", XksFailure.THROTTLED,
                        ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE, XksProxyUriUnreachableException.class,
                        "throttled the GetKeyMetadata request (HTTP 429)."),
                arguments(503, "DependencyTimeoutException", XksFailure.DEPENDENCY_TIMEOUT,
                        ConnectionErrorCode.XKS_PROXY_TIMED_OUT, XksProxyUriUnreachableException.class,
                        "timed out reaching its external key manager (DependencyTimeoutException)."),
                arguments(500, "InternalException", XksFailure.PROXY_FAULT,
                        ConnectionErrorCode.XKS_PROXY_INVALID_RESPONSE, XksProxyInvalidResponseException.class,
                        "failed the GetKeyMetadata request with an internal error (InternalException)."),
                rejected(400, "ValidationException"),
                rejected(404, "KeyNotFoundException"),
                rejected(400, "InvalidStateException"),
                rejected(400, "InvalidCiphertextException"),
                rejected(400, "InvalidKeyUsageException"),
                rejected(501, "UnsupportedOperationException"));
    }

    private static Arguments rejected(int status, String errorName) {
        return arguments(status, errorName, XksFailure.PROXY_REJECTED, ConnectionErrorCode.XKS_PROXY_INVALID_RESPONSE,
                XksProxyInvalidResponseException.class, "rejected the GetKeyMetadata request (" + errorName + ").");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("errorAnswers")
    void anXksErrorIsReportedAsKmsDoes(int status, String errorName, XksFailure expected,
                                       ConnectionErrorCode connectionErrorCode,
                                       Class<? extends KmsException> keyStoreManagementException, String message) {
        proxy.answer(status, "{\"errorName\":\"" + errorName + "\",\"errorMessage\":\"EKM partition 7 says hi\"}");

        XksProxyException failure = failureOf(
                () -> client.getKeyMetadata(TARGET, CREDENTIAL, EXTERNAL_KEY_ID, CREATE_KEY));

        assertReportedAs(failure, expected, connectionErrorCode, keyStoreManagementException);
        assertThat(failure.proxyErrorName()).isEqualTo(errorName);
        assertThat(failure.getMessage()).isEqualTo("The external key store proxy at https://xks.example.com " + message);
        assertThat(failure.getMessage()).as("the proxy's errorMessage is logged, not forwarded")
                .doesNotContain("EKM partition 7");
    }

    @Test
    void aThrottlingAnswerWithoutAnXksBodyIsStillThrottling() {
        proxy.answer(429, "Too Many Requests");

        XksProxyException failure = failureOf(() -> client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK));

        assertReportedAs(failure, XksFailure.THROTTLED, ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE,
                XksProxyUriUnreachableException.class);
        assertThat(failure.proxyErrorName()).isNull();
    }

    static Stream<Arguments> malformedErrors() {
        return Stream.of(
                arguments(500, "<html><body>Internal Server Error</body></html>", "HTTP 500 without an XKS error body"),
                arguments(503, "", "HTTP 503 without an XKS error body"),
                arguments(400, "{\"message\":\"ValidationException\"}", "HTTP 400 without an XKS error body"),
                arguments(400, "{\"errorName\":42}", "HTTP 400 without an XKS error body"),
                arguments(400, "[\"ValidationException\"]", "HTTP 400 without an XKS error body"),
                arguments(400, "{\"errorName\":\"NoSuchThingException\"}",
                        "HTTP 400 with an errorName the XKS API does not define"),
                arguments(405, "", "HTTP 405 without an XKS error body"),
                arguments(204, "", "HTTP 204 without an XKS error body"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("malformedErrors")
    void anErrorThatIsNotAnXksErrorIsAnInvalidResponse(int status, String body, String detail) {
        proxy.answer(status, body);

        XksProxyException failure = failureOf(() -> client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK));

        assertReportedAs(failure, XksFailure.INVALID_RESPONSE, ConnectionErrorCode.XKS_PROXY_INVALID_RESPONSE,
                XksProxyInvalidResponseException.class);
        assertThat(failure.getMessage()).isEqualTo("The external key store proxy at https://xks.example.com "
                + "returned an invalid GetHealthStatus response: " + detail + ".");
        assertThat(failure.proxyErrorName()).isNull();
    }
}
