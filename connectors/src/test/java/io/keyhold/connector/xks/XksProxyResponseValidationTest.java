package io.keyhold.connector.xks;

import static io.keyhold.connector.xks.XksFixtures.CREATE_KEY;
import static io.keyhold.connector.xks.XksFixtures.CREDENTIAL;
import static io.keyhold.connector.xks.XksFixtures.DECRYPT;
import static io.keyhold.connector.xks.XksFixtures.ENCRYPT;
import static io.keyhold.connector.xks.XksFixtures.EXTERNAL_KEY_ID;
import static io.keyhold.connector.xks.XksFixtures.HEALTH_CHECK;
import static io.keyhold.connector.xks.XksFixtures.TARGET;
import static io.keyhold.connector.xks.XksFixtures.assertReportedAs;
import static io.keyhold.connector.xks.XksFixtures.clientOf;
import static io.keyhold.connector.xks.XksFixtures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.keyhold.api.error.XksProxyInvalidResponseException;
import io.keyhold.api.keystore.ConnectionErrorCode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** 200 answers that break the XKS API are invalid responses, each naming what is wrong. */
class XksProxyResponseValidationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final byte[] PLAINTEXT = "sixteen byte key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] AAD = "encryption context".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] METADATA = "key_version=1".getBytes(StandardCharsets.US_ASCII);

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

    static Stream<Arguments> healthAnswers() {
        return Stream.of(
                arguments("<html>ok</html>", "the body is not a JSON object"),
                arguments("[]", "the body is not a JSON object"),
                arguments(health(h -> { }) + "{}", "the body is not a JSON object"),
                arguments("{\"xksProxyFleetSize\":1,\"xksProxyFleetSize\":2}", "the body is not a JSON object"),
                arguments(health(h -> h.remove("xksProxyFleetSize")), "xksProxyFleetSize is missing"),
                arguments(health(h -> h.put("xksProxyFleetSize", 0)), "xksProxyFleetSize must be greater than 0, got 0"),
                arguments(health(h -> h.put("xksProxyFleetSize", -3)), "xksProxyFleetSize must be greater than 0, got -3"),
                arguments(health(h -> h.put("xksProxyFleetSize", "2")), "xksProxyFleetSize is not an integer"),
                arguments(health(h -> h.put("xksProxyFleetSize", 1.5)), "xksProxyFleetSize is not an integer"),
                arguments(health(h -> h.remove("xksProxyVendor")), "xksProxyVendor is missing"),
                arguments(health(h -> h.remove("xksProxyModel")), "xksProxyModel is missing"),
                arguments(health(h -> h.putNull("ekmVendor")), "ekmVendor is missing"),
                arguments(health(h -> h.put("ekmVendor", 7)), "ekmVendor is not a string"),
                arguments(health(h -> h.remove("ekmFleetDetails")), "ekmFleetDetails is missing"),
                arguments(health(h -> h.put("ekmFleetDetails", "ekm-1")), "ekmFleetDetails is not an array"),
                arguments(health(h -> h.putArray("ekmFleetDetails")), "ekmFleetDetails must have 1 to 10 entries, got 0"),
                arguments(health(h -> ekms(h, 11)), "ekmFleetDetails must have 1 to 10 entries, got 11"),
                arguments(health(h -> h.putArray("ekmFleetDetails").add("ekm-1")), "ekmFleetDetails[0] is not an object"),
                arguments(health(h -> ((ObjectNode) h.get("ekmFleetDetails").get(0)).remove("id")),
                        "ekmFleetDetails[0].id is missing"),
                arguments(health(h -> ((ObjectNode) h.get("ekmFleetDetails").get(0)).put("healthStatus", "HEALTHY")),
                        "ekmFleetDetails[0].healthStatus is none of [ACTIVE, DEGRADED, UNAVAILABLE]"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("healthAnswers")
    void aMalformedHealthStatusIsAnInvalidResponse(String answer, String detail) {
        assertInvalid(answer, () -> client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK), "GetHealthStatus", detail);
    }

    @Test
    void tenExternalKeyManagersAreAllowed() throws Exception {
        proxy.answer(200, health(h -> ekms(h, 10)));

        assertThat(client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK).ekmFleetDetails()).hasSize(10);
    }

    static Stream<Arguments> keyMetadataAnswers() {
        return Stream.of(
                arguments(keyMetadata(m -> m.remove("keySpec")), "keySpec is missing"),
                arguments(keyMetadata(m -> m.remove("keyStatus")), "keyStatus is missing"),
                arguments(keyMetadata(m -> m.put("keyUsage", "ENCRYPT")), "keyUsage is not an array"),
                arguments(keyMetadata(m -> m.putArray("keyUsage").add("ENCRYPT").add(1)),
                        "keyUsage holds an entry that is not a string"),
                arguments(keyMetadata(m -> usages(m, 11)), "keyUsage must have 0 to 10 entries, got 11"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("keyMetadataAnswers")
    void malformedKeyMetadataIsAnInvalidResponse(String answer, String detail) {
        assertInvalid(answer, () -> client.getKeyMetadata(TARGET, CREDENTIAL, EXTERNAL_KEY_ID, CREATE_KEY),
                "GetKeyMetadata", detail);
    }

    @Test
    void keyMetadataIsReturnedAsTheProxySaysEvenWhenKmsWouldRejectTheKey() throws Exception {
        proxy.answer(200, keyMetadata(m -> {
            usages(m, 10);
            m.put("keySpec", "RSA_2048").put("keyStatus", "DISABLED");
        }));

        KeyMetadata metadata = client.getKeyMetadata(TARGET, CREDENTIAL, EXTERNAL_KEY_ID, CREATE_KEY);

        assertThat(metadata.keySpec()).isEqualTo("RSA_2048");
        assertThat(metadata.keyUsage()).hasSize(10);
        assertThat(metadata.keyStatus()).isEqualTo("DISABLED");
    }

    static Stream<Arguments> encryptAnswers() {
        byte[] ciphertext = bytes(16, 1);
        byte[] iv = bytes(12, 2);
        byte[] tag = bytes(16, 3);
        return Stream.of(
                arguments(encrypt(ciphertext, METADATA, iv, tag, a -> a.put("ciphertext", "not base64!")),
                        "ciphertext is not standard Base64"),
                arguments(encrypt(ciphertext, METADATA, iv, tag, a -> a.put("ciphertext", "-_-_-_-_")),
                        "ciphertext is not standard Base64"),
                arguments(encrypt(ciphertext, METADATA, iv, tag, a -> a.put("authenticationTag", "AAAA*A==")),
                        "authenticationTag is not standard Base64"),
                arguments(encrypt(ciphertext, METADATA, iv, tag, a -> a.remove("ciphertext")), "ciphertext is missing"),
                arguments(encrypt(bytes(15, 1), METADATA, iv, tag, a -> { }),
                        "ciphertext is 15 bytes for 16 bytes of plaintext"),
                arguments(encrypt(ciphertext, bytes(21, 4), iv, tag, a -> { }),
                        "ciphertextMetadata is 21 bytes, more than 20"),
                arguments(encrypt(ciphertext, METADATA, iv, tag, a -> a.remove("initializationVector")),
                        "initializationVector is missing"),
                arguments(encrypt(ciphertext, METADATA, bytes(8, 2), tag, a -> { }),
                        "initializationVector must be 12 or 16 bytes, got 8"),
                arguments(encrypt(ciphertext, METADATA, bytes(13, 2), tag, a -> { }),
                        "initializationVector must be 12 or 16 bytes, got 13"),
                arguments(encrypt(ciphertext, METADATA, iv, bytes(12, 3), a -> { }),
                        "authenticationTag must be 16 bytes, got 12"),
                arguments(encrypt(ciphertext, METADATA, iv, tag, a -> a.remove("ciphertextDataIntegrityValue")),
                        "ciphertextDataIntegrityValue is missing"),
                arguments(encrypt(ciphertext, METADATA, iv, tag,
                                a -> a.put("ciphertextDataIntegrityValue", StubXksProxy.cdiv(AAD, METADATA, iv, tag))),
                        "ciphertextDataIntegrityValue does not match the returned ciphertext"),
                arguments(encrypt(ciphertext, METADATA, iv, tag,
                                a -> a.put("ciphertextDataIntegrityValue", BASE64.encodeToString(bytes(16, 9)))),
                        "ciphertextDataIntegrityValue does not match the returned ciphertext"),
                arguments(encrypt(ciphertext, METADATA, iv, tag, a -> a.remove("ciphertextMetadata")),
                        "ciphertextDataIntegrityValue does not match the returned ciphertext"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("encryptAnswers")
    void aMalformedEncryptAnswerIsAnInvalidResponse(String answer, String detail) {
        assertInvalid(answer, () -> client.encrypt(TARGET, CREDENTIAL, EXTERNAL_KEY_ID, PLAINTEXT, AAD, ENCRYPT),
                "Encrypt", detail);
    }

    @Test
    void anEncryptAnswerWithA16ByteIvAndNoMetadataIsValid() throws Exception {
        byte[] ciphertext = bytes(16, 1);
        byte[] iv = bytes(16, 2);
        byte[] tag = bytes(16, 3);
        proxy.answer(200, encrypt(ciphertext, null, iv, tag, a -> { }));

        EncryptResult result = client.encrypt(TARGET, CREDENTIAL, EXTERNAL_KEY_ID, PLAINTEXT, AAD, ENCRYPT);

        assertThat(result).isEqualTo(new EncryptResult(ciphertext, null, iv, tag));
    }

    static Stream<Arguments> decryptAnswers() {
        return Stream.of(
                arguments("{}", "plaintext is missing"),
                arguments("{\"plaintext\":\"" + BASE64.encodeToString(bytes(15, 5)) + "\"}",
                        "plaintext is 15 bytes for 16 bytes of ciphertext"),
                arguments("{\"plaintext\":\"" + BASE64.encodeToString(bytes(17, 5)) + "\"}",
                        "plaintext is 17 bytes for 16 bytes of ciphertext"),
                arguments("{\"plaintext\":\"%%%%\"}", "plaintext is not standard Base64"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("decryptAnswers")
    void aMalformedDecryptAnswerIsAnInvalidResponse(String answer, String detail) {
        EncryptResult ciphertext = new EncryptResult(bytes(16, 1), METADATA, bytes(12, 2), bytes(16, 3));

        assertInvalid(answer, () -> client.decrypt(TARGET, CREDENTIAL, EXTERNAL_KEY_ID, ciphertext, AAD, DECRYPT),
                "Decrypt", detail);
    }

    @Test
    void anOversizedAnswerIsAnInvalidResponse() {
        byte[] huge = new byte[100_000];
        Arrays.fill(huge, (byte) ' ');
        proxy.answer(200, huge);

        assertInvalid(null, () -> client.getHealthStatus(TARGET, CREDENTIAL, HEALTH_CHECK), "GetHealthStatus",
                "the response body is longer than 65536 bytes");
    }

    private static void assertInvalid(String answer, ThrowingCallable call, String operation, String detail) {
        if (answer != null) {
            proxy.answer(200, answer);
        }

        XksProxyException failure = failureOf(call);

        assertReportedAs(failure, XksFailure.INVALID_RESPONSE, ConnectionErrorCode.XKS_PROXY_INVALID_RESPONSE,
                XksProxyInvalidResponseException.class);
        assertThat(failure.getMessage()).isEqualTo("The external key store proxy at https://xks.example.com returned "
                + "an invalid " + operation + " response: " + detail + ".");
    }

    private static String health(Consumer<ObjectNode> change) {
        ObjectNode health = JSON.createObjectNode().put("xksProxyFleetSize", 2).put("xksProxyVendor", "Acme Corp")
                .put("xksProxyModel", "Acme XKS Proxy 1.0").put("ekmVendor", "Thales Group");
        health.putArray("ekmFleetDetails").addObject().put("id", "hsm-id-1").put("model", "Luna 5.0")
                .put("healthStatus", "ACTIVE");
        change.accept(health);
        return health.toString();
    }

    private static void ekms(ObjectNode health, int count) {
        ArrayNode ekms = health.putArray("ekmFleetDetails");
        for (int i = 0; i < count; i++) {
            ekms.addObject().put("id", "hsm-id-" + i).put("model", "Luna 5.0").put("healthStatus", "ACTIVE");
        }
    }

    private static String keyMetadata(Consumer<ObjectNode> change) {
        ObjectNode metadata = JSON.createObjectNode().put("keySpec", "AES_256").put("keyStatus", "ENABLED");
        metadata.putArray("keyUsage").add("ENCRYPT").add("DECRYPT");
        change.accept(metadata);
        return metadata.toString();
    }

    private static void usages(ObjectNode metadata, int count) {
        ArrayNode usages = metadata.putArray("keyUsage");
        for (int i = 0; i < count; i++) {
            usages.add(i % 2 == 0 ? "ENCRYPT" : "DECRYPT");
        }
    }

    /** A well-formed answer (with a CDIV matching it) for PLAINTEXT and AAD, then {@code change}. */
    private static String encrypt(byte[] ciphertext, byte[] metadata, byte[] iv, byte[] tag, Consumer<ObjectNode> change) {
        ObjectNode answer = JSON.createObjectNode().put("ciphertext", BASE64.encodeToString(ciphertext))
                .put("initializationVector", BASE64.encodeToString(iv))
                .put("authenticationTag", BASE64.encodeToString(tag));
        if (metadata != null) {
            answer.put("ciphertextMetadata", BASE64.encodeToString(metadata));
            answer.put("ciphertextDataIntegrityValue", StubXksProxy.cdiv(AAD, metadata, iv, ciphertext, tag));
        } else {
            answer.put("ciphertextDataIntegrityValue", StubXksProxy.cdiv(AAD, iv, ciphertext, tag));
        }
        change.accept(answer);
        return answer.toString();
    }

    private static byte[] bytes(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
