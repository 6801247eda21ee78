package io.keyhold.connector.xks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.keyhold.api.error.KmsException;
import io.keyhold.api.keystore.ConnectionErrorCode;

import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What the XKS client tests share: one test CA, the proxy's certificate, a credential, a target. */
final class XksFixtures {

    static final String REGION = "us-east-1";
    static final String HOST = "xks.example.com";
    static final String URI_PATH = "/tenant1/kms/xks/v1";
    static final XksProxyTarget TARGET = new XksProxyTarget("https://" + HOST, URI_PATH, null);
    static final XksCredential CREDENTIAL =
            new XksCredential("XKSTESTACCESSKEYID234567", "dGVzdC1vbmx5LXNlY3JldC1hY2Nlc3Mta2V5LWZvci14a3M=");
    static final Map<String, String> SECRETS = Map.of(CREDENTIAL.accessKeyId(), CREDENTIAL.secretAccessKey());
    static final String PRINCIPAL_ARN = "arn:aws:iam::111122223333:user/Alice";
    static final String KMS_KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    static final String EXTERNAL_KEY_ID = "xks-key-1";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    static final TestPki CA = TestPki.create("Keyhold test CA");
    static final KeyStore PROXY_CERTIFICATE = CA.server(HOST);

    static final XksRequestMetadata HEALTH_CHECK = new XksRequestMetadata("req-health", "ConnectCustomKeyStore", null, null);
    static final XksRequestMetadata CREATE_KEY = new XksRequestMetadata("req-metadata", "CreateKey", PRINCIPAL_ARN, null);
    static final XksRequestMetadata ENCRYPT = new XksRequestMetadata("req-encrypt", "Encrypt", PRINCIPAL_ARN, KMS_KEY_ARN);
    static final XksRequestMetadata DECRYPT = new XksRequestMetadata("req-decrypt", "Decrypt", PRINCIPAL_ARN, KMS_KEY_ARN);

    private XksFixtures() {
    }

    /** A proxy with a valid certificate for {@link #HOST} that accepts {@link #CREDENTIAL}. */
    static StubXksProxy proxy() {
        return proxy(PROXY_CERTIFICATE);
    }

    static StubXksProxy proxy(KeyStore serverCertificate) {
        return StubXksProxy.start(serverCertificate, null, URI_PATH, SECRETS, REGION);
    }

    /** A client that trusts the test CA and sends requests for {@link #HOST} to {@code proxy}. */
    static XksProxyClient clientOf(StubXksProxy proxy) {
        return new XksProxyClient(settings(proxy.address(), TIMEOUT));
    }

    static XksClientSettings settings(String address, Duration timeout) {
        return new XksClientSettings(REGION, timeout, Map.of(HOST, address), Map.of(), CA.trustStore(), null, null);
    }

    static XksProxyException failureOf(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(XksProxyException.class);
        return (XksProxyException) thrown;
    }

    /** Asserts the failure and how KMS reports it on connect and on Create/UpdateCustomKeyStore. */
    static void assertReportedAs(XksProxyException failure, XksFailure expected, ConnectionErrorCode connectionErrorCode,
                                 Class<? extends KmsException> keyStoreManagementException) {
        assertThat(failure.failure()).isEqualTo(expected);
        assertThat(failure.failure().connectionErrorCode()).isEqualTo(connectionErrorCode);
        assertThat(failure.failure().keyStoreManagementException(failure.getMessage()))
                .isExactlyInstanceOf(keyStoreManagementException)
                .hasMessage(failure.getMessage());
        assertThat(failure.getMessage()).doesNotContain(CREDENTIAL.secretAccessKey());
    }
}
