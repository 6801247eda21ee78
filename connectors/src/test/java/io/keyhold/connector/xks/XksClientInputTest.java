package io.keyhold.connector.xks;

import static io.keyhold.connector.xks.XksFixtures.CA;
import static io.keyhold.connector.xks.XksFixtures.CREDENTIAL;
import static io.keyhold.connector.xks.XksFixtures.ENCRYPT;
import static io.keyhold.connector.xks.XksFixtures.HEALTH_CHECK;
import static io.keyhold.connector.xks.XksFixtures.PRINCIPAL_ARN;
import static io.keyhold.connector.xks.XksFixtures.REGION;
import static io.keyhold.connector.xks.XksFixtures.TARGET;
import static io.keyhold.connector.xks.XksFixtures.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The public records and what the client refuses before any call is made. */
class XksClientInputTest {

    @Test
    void aCredentialNeverShowsItsSecret() {
        assertThat(CREDENTIAL.toString())
                .contains(CREDENTIAL.accessKeyId())
                .doesNotContain(CREDENTIAL.secretAccessKey());
    }

    @Test
    void encryptResultsAreEqualByContent() {
        EncryptResult one = new EncryptResult(new byte[] {1, 2}, null, new byte[12], new byte[16]);
        EncryptResult same = new EncryptResult(new byte[] {1, 2}, null, new byte[12], new byte[16]);
        EncryptResult other = new EncryptResult(new byte[] {1, 3}, null, new byte[12], new byte[16]);

        assertThat(one).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other);
        assertThat(one).isNotEqualTo(new EncryptResult(new byte[] {1, 2}, new byte[0], new byte[12], new byte[16]));
        assertThat(one.toString()).isEqualTo("EncryptResult[ciphertext=2 bytes, ciphertextMetadata=none, "
                + "initializationVector=12 bytes, authenticationTag=16 bytes]");
    }

    @Test
    void settingsKeepTheirOwnCopies() {
        Map<String, String> overrides = new HashMap<>(Map.of("xks.example.com", "127.0.0.1:8443"));
        char[] password = "secret".toCharArray();
        XksClientSettings settings = new XksClientSettings(REGION, TIMEOUT, overrides, null, null,
                CA.client("cks.kms.us-east-1.amazonaws.com"), password);
        overrides.clear();
        password[0] = 'X';

        assertThat(settings.endpointOverrides()).containsEntry("xks.example.com", "127.0.0.1:8443");
        assertThat(settings.vpcEndpointServices()).isEmpty();
        assertThat(settings.clientKeyPassword()).isEqualTo("secret".toCharArray());
        assertThat(settings.toString()).doesNotContain("secret");
    }

    @Test
    void aTimeoutMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> new XksClientSettings(REGION, Duration.ZERO, null, null, null, null, null));
    }

    @Test
    void targetsFollowTheKmsModel() {
        assertThatIllegalArgumentException().isThrownBy(
                () -> new XksProxyTarget("http://xks.example.com", "/kms/xks/v1", null));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new XksProxyTarget("https://xks.example.com:8443", "/kms/xks/v1", null));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new XksProxyTarget("https://xks.example.com", "/kms/xks/v1/../admin", null));
        assertThat(new XksProxyTarget("https://xks.example.com", "/kms/xks/v1", null).hostName())
                .isEqualTo("xks.example.com");
    }

    @Test
    void overridesMustBeHostAndPort() {
        assertThatIllegalArgumentException().isThrownBy(() -> new XksProxyClient(
                new XksClientSettings(REGION, TIMEOUT, Map.of("xks.example.com", "127.0.0.1"), null, null, null, null)));
        assertThatIllegalArgumentException().isThrownBy(() -> new XksProxyClient(new XksClientSettings(REGION,
                TIMEOUT, Map.of("xks.example.com", "127.0.0.1:8443/path"), null, null, null, null)));
    }

    @Test
    void anExternalKeyIdCannotChangeTheRequestPath() {
        try (XksProxyClient client = new XksProxyClient(XksFixtures.settings("127.0.0.1:1", TIMEOUT))) {
            assertThatIllegalArgumentException().isThrownBy(
                    () -> client.encrypt(TARGET, CREDENTIAL, "../../health", new byte[1], null, ENCRYPT));
        }
    }

    @Test
    void eachOperationNeedsItsRequestMetadata() {
        try (XksProxyClient client = new XksProxyClient(XksFixtures.settings("127.0.0.1:1", TIMEOUT))) {
            assertThatNullPointerException().isThrownBy(() -> client.getKeyMetadata(TARGET, CREDENTIAL, "key",
                    HEALTH_CHECK)).withMessageContaining("awsPrincipalArn");
            assertThatNullPointerException().isThrownBy(() -> client.encrypt(TARGET, CREDENTIAL, "key", new byte[1],
                    null, new XksRequestMetadata("id", "Encrypt", PRINCIPAL_ARN, null)))
                    .withMessageContaining("kmsKeyArn");
            assertThatNullPointerException().isThrownBy(() -> client.getHealthStatus(TARGET, CREDENTIAL,
                    new XksRequestMetadata(null, "KmsHealthCheck", null, null))).withMessageContaining("kmsRequestId");
        }
    }

    @Test
    void aClosedClientMakesNoCalls() {
        XksProxyClient client = new XksProxyClient(XksFixtures.settings("127.0.0.1:1", TIMEOUT));
        client.close();

        assertThatIllegalStateException()
                .isThrownBy(() -> client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK));
    }
}
