package io.keyhold.connector.xks;

import static io.keyhold.connector.xks.XksFixtures.CREDENTIAL;
import static io.keyhold.connector.xks.XksFixtures.EXTERNAL_KEY_ID;
import static io.keyhold.connector.xks.XksFixtures.HOST;
import static io.keyhold.connector.xks.XksFixtures.PRINCIPAL_ARN;
import static io.keyhold.connector.xks.XksFixtures.URI_PATH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;

import io.keyhold.api.error.CustomKeyStoreInvalidStateException;
import io.keyhold.api.error.KMSInvalidStateException;
import io.keyhold.api.error.KmsException;
import io.keyhold.api.error.UnsupportedOperationException;
import io.keyhold.api.error.XksKeyInvalidConfigurationException;
import io.keyhold.api.error.XksKeyNotFoundException;
import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.XksProxyConnectivity;
import io.keyhold.api.keystore.XksProxySettings;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.key.BackingKey;
import io.keyhold.connector.key.CryptoRequest;
import io.keyhold.connector.key.InMemoryKeyMaterialStore;
import io.keyhold.connector.key.KeyBackend;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * KMS keys of an external key store against a stub proxy over real HTTPS: double encryption, every
 * CreateKey error, and how proxy faults and altered ciphertexts surface.
 */
class XksKeyBackendTest {

    private static final XksProxySettings SETTINGS = new XksProxySettings("https://" + HOST, URI_PATH,
            XksProxyConnectivity.PUBLIC_ENDPOINT, null, null, CREDENTIAL.accessKeyId());
    private static final ConnectionTarget TARGET = new ConnectionTarget(CustomKeyStoreType.EXTERNAL_KEY_STORE, null,
            SETTINGS, "ref");
    private static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/" + KEY_ID;
    private static final String SECRET = "attack at dawn, do not log";
    private static final byte[] PLAINTEXT = SECRET.getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "blob-header|{\"department\":\"marketing\"}".getBytes(StandardCharsets.UTF_8);
    private static final CryptoRequest CREATE = new CryptoRequest("CreateKey", "req-create", PRINCIPAL_ARN);
    private static final CryptoRequest ENCRYPT = new CryptoRequest("GenerateDataKey", "req-encrypt", PRINCIPAL_ARN);
    private static final CryptoRequest DECRYPT = new CryptoRequest("Decrypt", "req-decrypt", PRINCIPAL_ARN);
    /** The stub proxy's ciphertextMetadata. */
    private static final byte[] METADATA = "key_version=1".getBytes(StandardCharsets.US_ASCII);

    private final StubXksProxy proxy = XksFixtures.proxy();
    private final XksProxyClient client = XksFixtures.clientOf(proxy);
    private final InMemoryKeyMaterialStore material = new InMemoryKeyMaterialStore();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final XksConnector connector = new XksConnector(client, Set.of(), meters, material);

    @AfterEach
    void stop() {
        client.close();
        proxy.close();
    }

    @Test
    void doubleEncryptsWithAnInnerKeyOfItsOwnAndTheExternalKey() throws Exception {
        KeyBackend keys = attach();
        assertThat(proxy.requests()).as("attaching needs no proxy call").isEmpty();

        BackingKey key = keys.createKey(KEY_ID, KEY_ARN, EXTERNAL_KEY_ID, CREATE);
        assertThat(key).isEqualTo(new BackingKey(KEY_ID, KEY_ARN, EXTERNAL_KEY_ID, "xks/" + KEY_ID));
        assertThat(material.refs()).containsExactly("xks/" + KEY_ID);
        JsonNode metadataRequest = proxy.lastRequest().body().get("requestMetadata");
        assertThat(proxy.lastRequest().path()).isEqualTo(URI_PATH + "/keys/" + EXTERNAL_KEY_ID + "/metadata");
        assertThat(metadataRequest.get("kmsOperation").textValue()).isEqualTo("CreateKey");
        assertThat(metadataRequest.get("kmsRequestId").textValue()).isEqualTo("req-create");
        assertThat(metadataRequest.get("awsPrincipalArn").textValue()).isEqualTo(PRINCIPAL_ARN);
        assertThat(metadataRequest.has("kmsKeyArn")).isFalse();

        byte[] sealed = keys.encrypt(key, PLAINTEXT, AAD, ENCRYPT);

        JsonNode encryptRequest = proxy.lastRequest().body();
        assertThat(encryptRequest.get("requestMetadata").get("kmsKeyArn").textValue()).isEqualTo(KEY_ARN);
        assertThat(encryptRequest.get("requestMetadata").get("kmsOperation").textValue()).isEqualTo("GenerateDataKey");
        assertThat(encryptRequest.get("requestMetadata").get("kmsRequestId").textValue()).isEqualTo("req-encrypt");
        assertThat(Base64.getDecoder().decode(encryptRequest.get("additionalAuthenticatedData").textValue()))
                .isEqualTo(sha256(AAD));
        byte[] sentToProxy = Base64.getDecoder().decode(encryptRequest.get("plaintext").textValue());
        assertThat(sentToProxy).as("the inner ciphertext and tag, never the plaintext").hasSize(PLAINTEXT.length + 16);
        assertThat(new String(sentToProxy, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        assertThat(encryptRequest.get("ciphertextDataIntegrityValueAlgorithm").textValue()).isEqualTo("SHA_256");

        ByteBuffer body = ByteBuffer.wrap(sealed);
        body.position(12);
        assertThat(Byte.toUnsignedInt(body.get())).isEqualTo(METADATA.length);
        assertThat(take(body, METADATA.length)).isEqualTo(METADATA);
        assertThat(Byte.toUnsignedInt(body.get())).isEqualTo(12);
        take(body, 12 + 16);
        assertThat(Short.toUnsignedInt(body.getShort())).isEqualTo(PLAINTEXT.length + 16);
        assertThat(body.remaining()).isEqualTo(PLAINTEXT.length + 16);

        assertThat(keys.decrypt(key, sealed, AAD, DECRYPT)).isEqualTo(PLAINTEXT);
        JsonNode decryptRequest = proxy.lastRequest().body();
        assertThat(decryptRequest.get("requestMetadata").get("kmsOperation").textValue()).isEqualTo("Decrypt");
        assertThat(decryptRequest.get("requestMetadata").get("kmsKeyArn").textValue()).isEqualTo(KEY_ARN);
        assertThat(keys.encrypt(key, PLAINTEXT, AAD, ENCRYPT)).isNotEqualTo(sealed);
        assertThat(meters.get("keyhold.xks.proxy.requests").tag("xksOperation", "Encrypt")
                .tag("kmsOperation", "GenerateDataKey").tag("outcome", "success").timer().count()).isEqualTo(2);
    }

    @Test
    void anEmptyOrAbsentAadRoundTrips() throws ConnectionFailedException {
        KeyBackend keys = attach();
        BackingKey key = keys.createKey(KEY_ID, KEY_ARN, EXTERNAL_KEY_ID, CREATE);

        assertThat(keys.decrypt(key, keys.encrypt(key, PLAINTEXT, null, ENCRYPT), new byte[0], DECRYPT))
                .isEqualTo(PLAINTEXT);
        assertThat(keys.decrypt(key, keys.encrypt(key, new byte[0], new byte[0], ENCRYPT), null, DECRYPT)).isEmpty();
    }

    static Stream<Arguments> externalKeysKmsRefuses() {
        return Stream.of(
                arguments(200, "{\"keySpec\":\"RSA_2048\",\"keyUsage\":[\"ENCRYPT\",\"DECRYPT\"],\"keyStatus\":\"ENABLED\"}",
                        XksKeyInvalidConfigurationException.class, "key spec of the external key xks-key-1 must be"
                                + " AES_256. The key spec of the specified external key is RSA_2048."),
                arguments(200, "{\"keySpec\":\"AES_256\",\"keyUsage\":[\"ENCRYPT\"],\"keyStatus\":\"ENABLED\"}",
                        XksKeyInvalidConfigurationException.class, "must include ENCRYPT and DECRYPT"),
                arguments(200, "{\"keySpec\":\"AES_256\",\"keyUsage\":[\"DECRYPT\",\"SIGN\"],\"keyStatus\":\"ENABLED\"}",
                        XksKeyInvalidConfigurationException.class, "must include ENCRYPT and DECRYPT"),
                arguments(200, "{\"keySpec\":\"AES_256\",\"keyUsage\":[\"ENCRYPT\",\"DECRYPT\"],\"keyStatus\":\"DISABLED\"}",
                        XksKeyInvalidConfigurationException.class, "must be ENABLED. The status of the specified"
                                + " external key is DISABLED."),
                arguments(404, error("KeyNotFoundException"), XksKeyNotFoundException.class,
                        "cannot find the external key xks-key-1"),
                arguments(400, error("InvalidStateException"), XksKeyInvalidConfigurationException.class,
                        "must be enabled in the external key manager"),
                arguments(400, error("InvalidKeyUsageException"), XksKeyInvalidConfigurationException.class,
                        "must include ENCRYPT and DECRYPT"),
                arguments(400, error("ValidationException"), CustomKeyStoreInvalidStateException.class,
                        "rejected the GetKeyMetadata request (ValidationException)"),
                arguments(501, error("UnsupportedOperationException"), CustomKeyStoreInvalidStateException.class,
                        "rejected the GetKeyMetadata request (UnsupportedOperationException)"),
                arguments(403, error("AccessDeniedException"), CustomKeyStoreInvalidStateException.class,
                        "denied the GetKeyMetadata request"),
                arguments(404, error("InvalidUriPathException"), CustomKeyStoreInvalidStateException.class,
                        "check the XksProxyUriPath"),
                arguments(429, error("ThrottlingException"), CustomKeyStoreInvalidStateException.class,
                        "throttled the GetKeyMetadata request"),
                arguments(500, error("InternalException"), CustomKeyStoreInvalidStateException.class,
                        "failed the GetKeyMetadata request with an internal error"),
                arguments(503, error("DependencyTimeoutException"), CustomKeyStoreInvalidStateException.class,
                        "timed out reaching its external key manager"),
                arguments(200, "{\"keySpec\":\"AES_256\"}", CustomKeyStoreInvalidStateException.class,
                        "returned an invalid GetKeyMetadata response"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("externalKeysKmsRefuses")
    void createKeyFailsAsKmsDoesAndKeepsNoMaterial(int status, String answer, Class<? extends KmsException> expected,
                                                   String message) throws ConnectionFailedException {
        KeyBackend keys = attach();
        proxy.answer(status, answer);

        assertThatExceptionOfType(expected)
                .isThrownBy(() -> keys.createKey(KEY_ID, KEY_ARN, EXTERNAL_KEY_ID, CREATE))
                .withMessageContaining(message)
                .withMessageNotContaining("stub says no");
        assertThat(material.refs()).isEmpty();
    }

    @Test
    void createKeyWithARejectedCredentialNamesTheCredential() throws ConnectionFailedException {
        KeyBackend keys = connector.attach(TARGET, "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZy0=").keys();

        assertThatExceptionOfType(CustomKeyStoreInvalidStateException.class)
                .isThrownBy(() -> keys.createKey(KEY_ID, KEY_ARN, EXTERNAL_KEY_ID, CREATE))
                .withMessageContaining("XksProxyAuthenticationCredential");
    }

    static Stream<Arguments> proxyFaults() {
        return Stream.of(
                arguments(401, error("AuthenticationFailedException"), "check the XksProxyAuthenticationCredential"),
                arguments(403, error("AccessDeniedException"), "denied the Decrypt request"),
                arguments(404, error("KeyNotFoundException"), "cannot find the external key xks-key-1"),
                arguments(404, error("InvalidUriPathException"), "check the XksProxyUriPath"),
                arguments(400, error("InvalidStateException"), "external key xks-key-1 is disabled or deactivated"),
                arguments(400, error("InvalidCiphertextException"), "rejected the ciphertext"),
                arguments(400, error("InvalidKeyUsageException"), "external key xks-key-1 does not permit Decrypt"),
                arguments(400, error("ValidationException"), "rejected the Decrypt request as invalid"),
                arguments(501, error("UnsupportedOperationException"), "does not support this Decrypt request"),
                arguments(429, error("ThrottlingException"), "throttled the Decrypt request"),
                arguments(500, error("InternalException"), "failed the Decrypt request with an internal error"),
                arguments(503, error("DependencyTimeoutException"), "timed out reaching its external key manager"),
                arguments(200, "not json", "returned an invalid Decrypt response"),
                arguments(200, "{\"plaintext\":\"AAAA\"}", "returned an invalid Decrypt response"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("proxyFaults")
    void aProxyFaultFailsDecryptWithKmsInvalidState(int status, String answer, String cause)
            throws ConnectionFailedException {
        KeyBackend keys = attach();
        BackingKey key = keys.createKey(KEY_ID, KEY_ARN, EXTERNAL_KEY_ID, CREATE);
        byte[] sealed = keys.encrypt(key, PLAINTEXT, AAD, ENCRYPT);
        proxy.answer(status, answer);

        assertInvalidState(() -> keys.decrypt(key, sealed, AAD, DECRYPT), "KMS cannot decrypt with " + KEY_ARN
                + ". ", cause);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("proxyFaults")
    void aProxyFaultFailsEncryptWithKmsInvalidState(int status, String answer, String cause)
            throws ConnectionFailedException {
        KeyBackend keys = attach();
        BackingKey key = keys.createKey(KEY_ID, KEY_ARN, EXTERNAL_KEY_ID, CREATE);
        proxy.answer(status, answer);

        assertThatExceptionOfType(KMSInvalidStateException.class)
                .isThrownBy(() -> keys.encrypt(key, PLAINTEXT, AAD, ENCRYPT))
                .withMessageStartingWith("KMS cannot encrypt with " + KEY_ARN + ". ")
                .withMessageNotContaining(SECRET)
                .withMessageNotContaining("stub says no");
    }

    @Test
    void aProxyThatBreaksTheConnectionOrAnswersLateFailsTheCall() throws ConnectionFailedException {
        KeyBackend keys = attach();
        BackingKey key = keys.createKey(KEY_ID, KEY_ARN, EXTERNAL_KEY_ID, CREATE);
        byte[] sealed = keys.encrypt(key, PLAINTEXT, AAD, ENCRYPT);

        try (XksProxyClient impatient = new XksProxyClient(XksFixtures.settings(proxy.address(), Duration.ofMillis(300)))) {
            KeyBackend late = new XksConnector(impatient, Set.of(), meters, material)
                    .attach(TARGET, CREDENTIAL.secretAccessKey()).keys();
            CountDownLatch held = proxy.holdAnswers();
            try {
                assertInvalidState(() -> late.decrypt(key, sealed, AAD, DECRYPT), KEY_ARN, "did not answer Decrypt within 300 ms");
            } finally {
                held.countDown();
            }
        }
        proxy.hangUp();
        assertInvalidState(() -> keys.decrypt(key, sealed, AAD, DECRYPT), KEY_ARN, "broke before it answered Decrypt");
    }

    @Test
    void alteringAnyPartOfTheCiphertextFailsDecrypt() throws ConnectionFailedException {
        KeyBackend keys = attach();
        BackingKey key = keys.createKey(KEY_ID, KEY_ARN, EXTERNAL_KEY_ID, CREATE);
        byte[] sealed = keys.encrypt(key, PLAINTEXT, AAD, ENCRYPT);
        int metadataLength = 12;
        int metadata = metadataLength + 1;
        int ivLength = metadata + METADATA.length;
        int iv = ivLength + 1;
        int tag = iv + 12;
        int ciphertextLength = tag + 16;
        int ciphertext = ciphertextLength + 2;

        assertTampered(keys, key, flip(sealed, 0), "encryption context is corrupted");
        assertTampered(keys, key, flip(sealed, 11), "encryption context is corrupted");
        assertTampered(keys, key, flip(sealed, metadataLength), "malformed");
        assertTampered(keys, key, flip(sealed, metadata), "rejected the ciphertext");
        assertTampered(keys, key, flip(sealed, ivLength), "malformed: the proxy IV length 13 is neither 12 nor 16");
        assertTampered(keys, key, flip(sealed, iv), "rejected the ciphertext");
        assertTampered(keys, key, flip(sealed, tag + 15), "rejected the ciphertext");
        assertTampered(keys, key, flip(sealed, ciphertextLength + 1), "malformed");
        assertTampered(keys, key, flip(sealed, ciphertext), "rejected the ciphertext");
        assertTampered(keys, key, flip(sealed, sealed.length - 1), "rejected the ciphertext");
        assertTampered(keys, key, Arrays.copyOf(sealed, sealed.length - 1), "malformed: it is cut short");
        assertTampered(keys, key, Arrays.copyOf(sealed, sealed.length + 1), "malformed: 1 bytes follow");
        assertTampered(keys, key, Arrays.copyOf(sealed, 5), "malformed: it is cut short");
        byte[] longMetadata = sealed.clone();
        longMetadata[metadataLength] = 21;
        assertTampered(keys, key, longMetadata, "ciphertext metadata length 21 exceeds 20 bytes");
        assertInvalidState(() -> keys.decrypt(key, sealed, "other context".getBytes(StandardCharsets.UTF_8), DECRYPT),
                KEY_ARN, "rejected the ciphertext");
        assertThat(keys.decrypt(key, sealed, AAD, DECRYPT)).isEqualTo(PLAINTEXT);
    }

    @Test
    void anotherKmsKeyOnTheSameExternalKeyCannotDecrypt() throws ConnectionFailedException {
        KeyBackend keys = attach();
        BackingKey first = keys.createKey(KEY_ID, KEY_ARN, EXTERNAL_KEY_ID, CREATE);
        BackingKey second = keys.createKey("second", "arn:aws:kms:us-east-1:111122223333:key/second", EXTERNAL_KEY_ID,
                CREATE);
        byte[] sealed = keys.encrypt(first, PLAINTEXT, AAD, ENCRYPT);

        assertInvalidState(() -> keys.decrypt(second, sealed, AAD, DECRYPT), second.keyArn(),
                "encrypted under another KMS key");
        assertThat(material.refs()).containsExactlyInAnyOrder("xks/" + KEY_ID, "xks/second");
    }

    @Test
    void aKeyWhoseInnerMaterialWasDestroyedCannotBeUsed() throws ConnectionFailedException {
        KeyBackend keys = attach();
        BackingKey key = keys.createKey(KEY_ID, KEY_ARN, EXTERNAL_KEY_ID, CREATE);
        byte[] sealed = keys.encrypt(key, PLAINTEXT, AAD, ENCRYPT);

        keys.destroyKey(key);

        assertThat(material.refs()).isEmpty();
        assertInvalidState(() -> keys.decrypt(key, sealed, AAD, DECRYPT), KEY_ARN, "key material in KMS has been deleted");
        assertInvalidState(() -> keys.encrypt(key, PLAINTEXT, AAD, ENCRYPT), KEY_ARN, "has been deleted");
        assertThatNoException().isThrownBy(() -> keys.destroyKey(key));
    }

    @Test
    void generateRandomIsNotSupported() throws ConnectionFailedException {
        assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> attach().generateRandom(16));
    }

    @Test
    void keysOfAClosedSessionAreUnavailable() throws ConnectionFailedException {
        ConnectorSession session = connector.attach(TARGET, CREDENTIAL.secretAccessKey());
        BackingKey key = session.keys().createKey(KEY_ID, KEY_ARN, EXTERNAL_KEY_ID, CREATE);
        byte[] sealed = session.keys().encrypt(key, PLAINTEXT, AAD, ENCRYPT);

        session.close();

        assertInvalidState(() -> session.keys().decrypt(key, sealed, AAD, DECRYPT), KEY_ARN, "is unavailable");
        assertThatExceptionOfType(CustomKeyStoreInvalidStateException.class)
                .isThrownBy(() -> session.keys().createKey("other", KEY_ARN, EXTERNAL_KEY_ID, CREATE));
    }

    @Test
    void attachingNeedsAKnownVpcEndpointService() {
        XksProxySettings vpc = new XksProxySettings("https://" + HOST, URI_PATH, XksProxyConnectivity.VPC_ENDPOINT_SERVICE,
                "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0", "111122223333", CREDENTIAL.accessKeyId());

        assertThatExceptionOfType(ConnectionFailedException.class)
                .isThrownBy(() -> connector.attach(new ConnectionTarget(CustomKeyStoreType.EXTERNAL_KEY_STORE, null, vpc,
                        "ref"), CREDENTIAL.secretAccessKey()))
                .satisfies(e -> assertThat(e.errorCode()).isEqualTo(ConnectionErrorCode.XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND));
        assertThat(proxy.requests()).isEmpty();
    }

    private KeyBackend attach() throws ConnectionFailedException {
        return connector.attach(TARGET, CREDENTIAL.secretAccessKey()).keys();
    }

    private static void assertTampered(KeyBackend keys, BackingKey key, byte[] tampered, String cause) {
        assertInvalidState(() -> keys.decrypt(key, tampered, AAD, DECRYPT), KEY_ARN, cause);
    }

    /** {@code names} is the key ARN, or the start of the message that names it. */
    private static void assertInvalidState(ThrowingCallable call, String names, String cause) {
        assertThatExceptionOfType(KMSInvalidStateException.class)
                .isThrownBy(call)
                .withMessageContaining(names)
                .withMessageContaining(cause)
                .withMessageNotContaining(SECRET)
                .withMessageNotContaining(CREDENTIAL.secretAccessKey());
    }

    private static byte[] flip(byte[] bytes, int position) {
        byte[] flipped = bytes.clone();
        flipped[position] ^= 0x01;
        return flipped;
    }

    private static byte[] take(ByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    private static String error(String errorName) {
        return "{\"errorName\":\"" + errorName + "\",\"errorMessage\":\"stub says no\"}";
    }

    private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
