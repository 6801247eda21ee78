package io.keyhold.connector.xks;

import static io.keyhold.connector.xks.XksFixtures.CA;
import static io.keyhold.connector.xks.XksFixtures.CREATE_KEY;
import static io.keyhold.connector.xks.XksFixtures.CREDENTIAL;
import static io.keyhold.connector.xks.XksFixtures.DECRYPT;
import static io.keyhold.connector.xks.XksFixtures.ENCRYPT;
import static io.keyhold.connector.xks.XksFixtures.EXTERNAL_KEY_ID;
import static io.keyhold.connector.xks.XksFixtures.HEALTH_CHECK;
import static io.keyhold.connector.xks.XksFixtures.HOST;
import static io.keyhold.connector.xks.XksFixtures.KMS_KEY_ARN;
import static io.keyhold.connector.xks.XksFixtures.PRINCIPAL_ARN;
import static io.keyhold.connector.xks.XksFixtures.PROXY_CERTIFICATE;
import static io.keyhold.connector.xks.XksFixtures.REGION;
import static io.keyhold.connector.xks.XksFixtures.SECRETS;
import static io.keyhold.connector.xks.XksFixtures.TARGET;
import static io.keyhold.connector.xks.XksFixtures.TIMEOUT;
import static io.keyhold.connector.xks.XksFixtures.URI_PATH;
import static io.keyhold.connector.xks.XksFixtures.assertReportedAs;
import static io.keyhold.connector.xks.XksFixtures.clientOf;
import static io.keyhold.connector.xks.XksFixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.keyhold.api.error.XksProxyIncorrectAuthenticationCredentialException;
import io.keyhold.api.error.XksProxyUriUnreachableException;
import io.keyhold.api.keystore.ConnectionErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The four operations against a real HTTPS proxy on 127.0.0.1, and what goes over the wire. */
class XksProxyClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PLAINTEXT = "a data key of 32 bytes, honest!".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "project=nile,department=marketing".getBytes(StandardCharsets.UTF_8);

    private StubXksProxy proxy;
    private XksProxyClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void getHealthStatusReturnsTheProxysHealth() throws Exception {
        proxy = XksFixtures.proxy();
        client = clientOf(proxy);

        HealthStatus health = client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK);

        assertThat(health).isEqualTo(new HealthStatus(2, "Keyhold tests", "StubXksProxy 1.0", "Keyhold tests", List.of(
                new EkmInstance("ekm-1", "Stub EKM 1.0", "ACTIVE"), new EkmInstance("ekm-2", "Stub EKM 1.0", "DEGRADED"))));
        assertThat(health.allUnavailable()).isFalse();
        StubXksProxy.RecordedRequest request = proxy.lastRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo(URI_PATH + "/health");
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(request.body()).isEqualTo(json(
                "{\"requestMetadata\":{\"kmsRequestId\":\"req-health\",\"kmsOperation\":\"ConnectCustomKeyStore\"}}"));
    }

    @Test
    void requestsAreSignedForKmsXksProxyOverTheHostActuallyRequested() throws Exception {
        proxy = XksFixtures.proxy();
        client = clientOf(proxy);

        client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK);

        StubXksProxy.RecordedRequest request = proxy.lastRequest();
        assertThat(request.signature().valid()).as(request.signature().problem()).isTrue();
        assertThat(request.signature().accessKeyId()).isEqualTo(CREDENTIAL.accessKeyId());
        // exactly what KMS signs
        assertThat(request.signature().signedHeaders()).containsExactly("host", "x-amz-date");
        assertThat(request.host()).isEqualTo(proxy.address());
    }

    @Test
    void aWrongSecretIsReportedAsInvalidCredentials() {
        proxy = XksFixtures.proxy();
        client = clientOf(proxy);
        XksCredential wrongSecret = new XksCredential(CREDENTIAL.accessKeyId(), "d3Jvbmctc2VjcmV0LWFjY2Vzcy1rZXktZm9yLXhrcy10ZXN0cw==");

        XksProxyException failure = failureOf(() -> client.getHealthStatus(TARGET, wrongSecret, HEALTH_CHECK));

        assertReportedAs(failure, XksFailure.AUTHENTICATION_FAILED, ConnectionErrorCode.INVALID_CREDENTIALS,
                XksProxyIncorrectAuthenticationCredentialException.class);
        assertThat(failure.proxyErrorName()).isEqualTo("AuthenticationFailedException");
        assertThat(failure.getMessage()).doesNotContain(wrongSecret.secretAccessKey());
        assertThat(proxy.lastRequest().signature().problem()).isEqualTo("signature mismatch");
    }

    @Test
    void getKeyMetadataReturnsTheKeysSpecUsageAndStatus() throws Exception {
        proxy = XksFixtures.proxy();
        client = clientOf(proxy);

        KeyMetadata metadata = client.getKeyMetadata(TARGET, CREDENTIAL, EXTERNAL_KEY_ID, CREATE_KEY);

        assertThat(metadata).isEqualTo(new KeyMetadata("AES_256", List.of("ENCRYPT", "DECRYPT"), "ENABLED"));
        StubXksProxy.RecordedRequest request = proxy.lastRequest();
        assertThat(request.path()).isEqualTo(URI_PATH + "/keys/xks-key-1/metadata");
        assertThat(request.signature().valid()).isTrue();
        assertThat(request.body()).isEqualTo(json("{\"requestMetadata\":{\"kmsRequestId\":\"req-metadata\","
                + "\"kmsOperation\":\"CreateKey\",\"awsPrincipalArn\":\"" + PRINCIPAL_ARN + "\"}}"));
    }

    @Test
    void encryptSendsTheSpecsFieldsAndChecksTheIntegrityValue() throws Exception {
        proxy = XksFixtures.proxy();
        client = clientOf(proxy);

        EncryptResult encrypted = client.encrypt(TARGET, CREDENTIAL, EXTERNAL_KEY_ID, PLAINTEXT, AAD, ENCRYPT);

        assertThat(encrypted.ciphertext()).hasSameSizeAs(PLAINTEXT).isNotEqualTo(PLAINTEXT);
        assertThat(encrypted.ciphertextMetadata()).isEqualTo("key_version=1".getBytes(StandardCharsets.US_ASCII));
        assertThat(encrypted.initializationVector()).hasSize(12);
        assertThat(encrypted.authenticationTag()).hasSize(16);
        StubXksProxy.RecordedRequest request = proxy.lastRequest();
        assertThat(request.path()).isEqualTo(URI_PATH + "/keys/xks-key-1/encrypt");
        assertThat(request.signature().valid()).isTrue();
        assertThat(request.body()).isEqualTo(json("{\"requestMetadata\":{\"kmsRequestId\":\"req-encrypt\","
                + "\"kmsOperation\":\"Encrypt\",\"awsPrincipalArn\":\"" + PRINCIPAL_ARN + "\",\"kmsKeyArn\":\""
                + KMS_KEY_ARN + "\"},"
                + "\"plaintext\":\"YSBkYXRhIGtleSBvZiAzMiBieXRlcywgaG9uZXN0IQ==\","
                + "\"additionalAuthenticatedData\":\"cHJvamVjdD1uaWxlLGRlcGFydG1lbnQ9bWFya2V0aW5n\","
                + "\"encryptionAlgorithm\":\"AES_GCM\",\"ciphertextDataIntegrityValueAlgorithm\":\"SHA_256\"}"));
    }

    @Test
    void decryptReturnsWhatWasEncrypted() throws Exception {
        proxy = XksFixtures.proxy();
        client = clientOf(proxy);
        EncryptResult encrypted = client.encrypt(TARGET, CREDENTIAL, EXTERNAL_KEY_ID, PLAINTEXT, AAD, ENCRYPT);

        byte[] decrypted = client.decrypt(TARGET, CREDENTIAL, EXTERNAL_KEY_ID, encrypted, AAD, DECRYPT);

        assertThat(decrypted).isEqualTo(PLAINTEXT);
        StubXksProxy.RecordedRequest request = proxy.lastRequest();
        assertThat(request.path()).isEqualTo(URI_PATH + "/keys/xks-key-1/decrypt");
        assertThat(request.signature().valid()).isTrue();
        Base64.Encoder base64 = Base64.getEncoder();
        assertThat(request.body()).isEqualTo(json("{\"requestMetadata\":{\"kmsRequestId\":\"req-decrypt\","
                + "\"kmsOperation\":\"Decrypt\",\"awsPrincipalArn\":\"" + PRINCIPAL_ARN + "\",\"kmsKeyArn\":\""
                + KMS_KEY_ARN + "\"},"
                + "\"ciphertext\":\"" + base64.encodeToString(encrypted.ciphertext()) + "\","
                + "\"ciphertextMetadata\":\"a2V5X3ZlcnNpb249MQ==\","
                + "\"encryptionAlgorithm\":\"AES_GCM\","
                + "\"additionalAuthenticatedData\":\"cHJvamVjdD1uaWxlLGRlcGFydG1lbnQ9bWFya2V0aW5n\","
                + "\"initializationVector\":\"" + base64.encodeToString(encrypted.initializationVector()) + "\","
                + "\"authenticationTag\":\"" + base64.encodeToString(encrypted.authenticationTag()) + "\"}"));
    }

    @Test
    void withoutAdditionalAuthenticatedDataNoneIsSent() throws Exception {
        proxy = XksFixtures.proxy();
        client = clientOf(proxy);

        EncryptResult encrypted = client.encrypt(TARGET, CREDENTIAL, EXTERNAL_KEY_ID, PLAINTEXT, null, ENCRYPT);
        assertThat(proxy.lastRequest().body().has("additionalAuthenticatedData")).isFalse();
        byte[] decrypted = client.decrypt(TARGET, CREDENTIAL, EXTERNAL_KEY_ID, encrypted, new byte[0], DECRYPT);

        assertThat(decrypted).isEqualTo(PLAINTEXT);
        assertThat(proxy.lastRequest().body().has("additionalAuthenticatedData")).isFalse();
    }

    @Test
    void encryptAcceptsTheSpecExampleAnswer() throws Exception {
        proxy = XksFixtures.proxy();
        client = clientOf(proxy);
        proxy.answer(200, "{\"ciphertext\":\"ghxkK1txeDNn3q8Y\",\"ciphertextMetadata\":\"a2V5X3ZlcnNpb249MQ==\","
                + "\"initializationVector\":\"HMrlRw85cAJUd5Ax\",\"authenticationTag\":\"vBxN2ncH1oEkR8WVXpmyYQ==\","
                + "\"ciphertextDataIntegrityValue\":\"qHA/ImC9h5HsLRXqCyPmWgYx7tzyoTplzILbP0fPXsc=\"}");
        Base64.Decoder base64 = Base64.getDecoder();

        EncryptResult encrypted = client.encrypt(TARGET, CREDENTIAL, EXTERNAL_KEY_ID, new byte[12],
                base64.decode("cHJvamVjdD1uaWxlLGRlcGFydG1lbnQ9bWFya2V0aW5n"), ENCRYPT);

        assertThat(encrypted).isEqualTo(new EncryptResult(base64.decode("ghxkK1txeDNn3q8Y"),
                base64.decode("a2V5X3ZlcnNpb249MQ=="), base64.decode("HMrlRw85cAJUd5Ax"),
                base64.decode("vBxN2ncH1oEkR8WVXpmyYQ==")));
    }

    @Test
    void tlsNamesTheEndpointHostWhenConnectingToAnotherAddress() throws Exception {
        proxy = XksFixtures.proxy();
        client = clientOf(proxy);

        client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK);

        assertThat(proxy.lastRequest().serverNames()).containsExactly(HOST);
    }

    @Test
    void connectionsAreReused() throws Exception {
        proxy = XksFixtures.proxy();
        client = clientOf(proxy);

        client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK);
        client.getKeyMetadata(TARGET, CREDENTIAL, EXTERNAL_KEY_ID, CREATE_KEY);
        client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK);

        assertThat(proxy.requests()).extracting(StubXksProxy.RecordedRequest::clientPort).containsOnly(
                proxy.requests().get(0).clientPort());
    }

    @Test
    void aVpcEndpointServiceIsReachedAtItsMappedAddress() throws Exception {
        proxy = XksFixtures.proxy();
        String service = "com.amazonaws.vpce.us-east-1.vpce-svc-0abc123def4567890";
        client = new XksProxyClient(new XksClientSettings(REGION, TIMEOUT, Map.of(), Map.of(service, proxy.address()),
                CA.trustStore(), null, null));

        HealthStatus health = client.getHealthStatus(new XksProxyTarget("https://" + HOST, URI_PATH, service),
                CREDENTIAL, HEALTH_CHECK);

        assertThat(health.xksProxyFleetSize()).isEqualTo(2);
        assertThat(proxy.lastRequest().host()).isEqualTo(proxy.address());
        assertThat(proxy.lastRequest().signature().valid()).isTrue();
    }

    @Test
    void allUnavailableExternalKeyManagersMakeTheProxyUnreachable() {
        proxy = XksFixtures.proxy();
        proxy.ekmHealth("UNAVAILABLE", "UNAVAILABLE");
        client = clientOf(proxy);

        XksProxyException failure = failureOf(() -> client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK));

        assertReportedAs(failure, XksFailure.ALL_EKMS_UNAVAILABLE, ConnectionErrorCode.XKS_PROXY_NOT_REACHABLE,
                XksProxyUriUnreachableException.class);
        assertThat(failure.getMessage()).contains("every external key manager instance UNAVAILABLE");
    }

    @Test
    void oneUnavailableExternalKeyManagerIsNotAFailure() throws Exception {
        proxy = XksFixtures.proxy();
        proxy.ekmHealth("UNAVAILABLE", "DEGRADED");
        client = clientOf(proxy);

        assertThat(client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK).allUnavailable()).isFalse();
    }

    @Test
    void mutualTlsPresentsTheClientCertificate() throws Exception {
        proxy = StubXksProxy.start(PROXY_CERTIFICATE, CA.trustStore(), URI_PATH, SECRETS, REGION);
        client = new XksProxyClient(new XksClientSettings(REGION, TIMEOUT, Map.of(HOST, proxy.address()), Map.of(),
                CA.trustStore(), CA.client("cks.kms.us-east-1.amazonaws.com"), TestPki.PASSWORD));

        client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK);

        assertThat(proxy.lastRequest().clientCertificateSubject())
                .isEqualTo("CN=cks.kms.us-east-1.amazonaws.com");
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
