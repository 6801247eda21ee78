package io.keyhold.xksproxy.server;

import static io.keyhold.xksproxy.support.Bodies.b64;
import static io.keyhold.xksproxy.support.Bodies.unb64;
import static io.keyhold.xksproxy.support.ErrorAssertions.assertXksError;
import static io.keyhold.xksproxy.support.TestConfigs.ACCESS_KEY_ID;
import static io.keyhold.xksproxy.support.TestConfigs.OTHER_ACCESS_KEY_ID;
import static io.keyhold.xksproxy.support.TestConfigs.OTHER_SECRET;
import static io.keyhold.xksproxy.support.TestConfigs.PREFIX;
import static io.keyhold.xksproxy.support.TestConfigs.ROOT_ACCESS_KEY_ID;
import static io.keyhold.xksproxy.support.TestConfigs.ROOT_SECRET;
import static io.keyhold.xksproxy.support.TestConfigs.ROTATED_ACCESS_KEY_ID;
import static io.keyhold.xksproxy.support.TestConfigs.ROTATED_SECRET;
import static io.keyhold.xksproxy.support.TestConfigs.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyhold.xksproxy.support.Bodies;
import io.keyhold.xksproxy.support.RawTls;
import io.keyhold.xksproxy.support.RunningProxy;
import io.keyhold.xksproxy.support.Signing;
import io.keyhold.xksproxy.support.TestConfigs;
import io.keyhold.xksproxy.support.XksClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The four operations and their error rows, against the running proxy over TLS with a software backend. */
class XksProxyApiTest {

    static final String RESTRICTED_ID = "RESTRICTEDSTOREACCESSKEY";
    static final String THROTTLED_ID = "THROTTLEDSTOREACCESSKEY2";
    static final String DISABLED_ID = "DISABLEDSTOREACCESSKEY23";
    static final String SLOW_ID = "SLOWSTOREACCESSKEYIDABCD";
    static final String STORE_SECRET = "c3RvcmUtc2VjcmV0LW9mLWF0LWxlYXN0LTQzLWNoYXJzISE=";
    static final String ALLOWED_ROLE = "arn:aws:iam::123456789012:role/AllowedCaller";
    static final byte[] AAD = "project=nile,department=marketing".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER_AAD = "project=blue,department=finance".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    static RunningProxy proxy;
    static XksClient client;
    static final Signing KMS = Signing.kms(ACCESS_KEY_ID, SECRET);
    static final SecureRandom RANDOM = new SecureRandom();

    @BeforeAll
    static void startProxy() {
        proxy = RunningProxy.start(dir, TestConfigs.base(dir) + TestConfigs.softwareBackend(dir)
                + TestConfigs.complianceKeys() + TestConfigs.complianceStores() + """
                    - prefix: /restricted
                      credentials: [{access-key-id: %s, secret-access-key: %s}]
                      keys: [foo]
                      allowed-principals: ["arn:aws:iam::123456789012:role/Allowed*"]
                    - prefix: /throttled
                      credentials: [{access-key-id: %s, secret-access-key: %s}]
                      throttle: {requests-per-second: 0.001, burst: 2}
                    - prefix: /disabled
                      enabled: false
                      credentials: [{access-key-id: %s, secret-access-key: %s}]
                      keys: [foo]
                    - prefix: /slow
                      added-latency: 400ms
                      credentials: [{access-key-id: %s, secret-access-key: %s}]
                """.formatted(RESTRICTED_ID, STORE_SECRET, THROTTLED_ID, STORE_SECRET, DISABLED_ID, STORE_SECRET,
                SLOW_ID, STORE_SECRET));
        client = XksClient.trusting(proxy.caCertificate());
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    static XksClient.Response post(String path, String body) throws Exception {
        return client.post(proxy.url(path), body, KMS);
    }

    static String api(String rest) {
        return PREFIX + "/kms/xks/v1/" + rest;
    }

    static XksClient.Response encrypt(String keyId, byte[] plaintext, byte[] aad, boolean cdiv) throws Exception {
        return post(api("keys/" + keyId + "/encrypt"), Bodies.encrypt(plaintext, aad, cdiv).toString());
    }

    static XksClient.Response decrypt(String keyId, ObjectNode body) throws Exception {
        return post(api("keys/" + keyId + "/decrypt"), body.toString());
    }

    static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }

    @Nested
    class Routing {

        @Test
        void pingAnswersLoadBalancerProbes() throws Exception {
            XksClient.Response response = client.send("GET", proxy.url("/ping"), new byte[0], Signing.none());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).startsWith("pong");
        }

        @ParameterizedTest
        @ValueSource(strings = {"health", "keys/foo/metadata", "keys/foo/encrypt", "keys/foo/decrypt"})
        void getOnAnApiUriIsMethodNotAllowed(String rest) throws Exception {
            XksClient.Response response = client.send("GET", proxy.url(api(rest)), new byte[0], KMS);
            assertThat(response.status()).isEqualTo(405);
            assertThat(response.headers().get("allow")).containsExactly("POST");
        }

        @ParameterizedTest
        @ValueSource(strings = {"/", "/nope", PREFIX + "/invalid/kms/xks/v1/health", PREFIX + "/kms/xks/v2/health",
            PREFIX + "/kms/xks/v1/keys/foo", PREFIX + "/kms/xks/v1/keys/foo/sign", PREFIX + "/kms/xks/v1/health/",
            PREFIX + "/kms/xks/v1/keys/bad%20id/encrypt", "/unknown/prefix/kms/xks/v1/health"})
        void unknownPathsAreInvalidUriPath(String path) throws Exception {
            assertXksError(post(path, Bodies.health()), 404, "InvalidUriPathException");
        }

        @Test
        void unknownPathsAreInvalidUriPathEvenWithoutCredentials() throws Exception {
            XksClient.Response response = client.post(proxy.url("/nope/kms/xks/v1/health"), Bodies.health(), Signing.none());
            assertXksError(response, 404, "InvalidUriPathException");
        }

        @Test
        void theEmptyPrefixServesPathsAtTheRoot() throws Exception {
            XksClient.Response response = client.post(proxy.url("/kms/xks/v1/keys/bar/metadata"), Bodies.metadata(),
                    Signing.kms(ROOT_ACCESS_KEY_ID, ROOT_SECRET));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text("keySpec")).isEqualTo("AES_256");
        }

        @Test
        void aStoreOnlyServesItsOwnKeys() throws Exception {
            assertXksError(post(api("keys/bar/metadata"), Bodies.metadata()), 404, "KeyNotFoundException");
        }
    }

    /**
     * Many requests one after the other on one kept-alive TLS connection, with answers the proxy gives before
     * it needs the body (404, 405) among the others: every request is answered. The proxy once sent those
     * answers before reading the body; the JDK's HTTPS server then read the body after the answer, at times
     * together with the client's next request, and left that request unserved until the client gave up.
     */
    @Nested
    class KeptAliveConnections {

        /** Enough rounds that the proxy without the fix left a request unanswered in every run we tried. */
        static final int ROUNDS = 150;
        static final String UNKNOWN_PATH = "/unknown/prefix/kms/xks/v1/health";
        static final Signing WRONG_SECRET = Signing.kms(ACCESS_KEY_ID, SECRET + "x");

        @Test
        void everyRequestIsAnsweredWhateverWasAnsweredBeforeIt() throws Exception {
            String health = proxy.url(api("health"));
            String ping = proxy.url(XksRequestHandler.PING_PATH);
            byte[] body = Bodies.health().getBytes(StandardCharsets.UTF_8);
            for (int round = 1; round <= ROUNDS; round++) {
                assertThat(answer(round, "health", () -> post(api("health"), Bodies.health())).status()).isEqualTo(200);
                assertXksError(answer(round, "unknown path", () -> post(UNKNOWN_PATH, Bodies.health())),
                        404, "InvalidUriPathException");
                assertThat(answer(round, "GET", () -> client.send("GET", health, new byte[0], KMS)).status())
                        .isEqualTo(405);
                assertXksError(answer(round, "wrong secret", () -> client.post(health, Bodies.health(), WRONG_SECRET)),
                        401, "AuthenticationFailedException");
                assertThat(answer(round, "PUT", () -> client.send("PUT", health, body, KMS)).status()).isEqualTo(405);
                assertThat(answer(round, "ping", () -> client.send("GET", ping, new byte[0], Signing.none())).status())
                        .isEqualTo(200);
                assertThat(answer(round, "POST ping", () -> client.send("POST", ping, body, Signing.none())).status())
                        .isEqualTo(405);
                assertThat(answer(round, "GET", () -> client.send("GET", health, new byte[0], KMS)).status())
                        .isEqualTo(405);
            }
        }

        @Test
        void keyholdsClientGetsEveryAnswer() throws Exception {
            XksClient keyhold = XksClient.likeKeyhold(proxy.caCertificate());
            String encrypt = proxy.url(api("keys/foo/encrypt"));
            String encryptUnderUnknownPath = proxy.url("/unknown/prefix/kms/xks/v1/keys/foo/encrypt");
            String health = proxy.url(api("health"));
            for (int round = 1; round <= ROUNDS; round++) {
                String request = Bodies.encrypt(random(4096), random(8192), false).toString();
                assertThat(answer(round, "encrypt", () -> keyhold.post(encrypt, request, KMS)).text("ciphertext"))
                        .isNotEmpty();
                assertXksError(answer(round, "unknown path", () -> keyhold.post(encryptUnderUnknownPath, request, KMS)),
                        404, "InvalidUriPathException");
                assertXksError(answer(round, "wrong secret", () -> keyhold.post(health, Bodies.health(), WRONG_SECRET)),
                        401, "AuthenticationFailedException");
                assertThat(answer(round, "health", () -> keyhold.post(health, Bodies.health(), KMS)).status())
                        .isEqualTo(200);
            }
        }

        @Test
        void theConnectionStaysOpenAfterAnswersGivenBeforeTheBodyWasNeeded() throws Exception {
            String body = Bodies.health();
            List<String> heads = RawTls.inSequence(XksClient.sslContext(proxy.caCertificate(), null, null),
                    proxy.port(), List.of(request("POST", UNKNOWN_PATH, body), request("PUT", api("health"), body),
                            request("POST", XksRequestHandler.PING_PATH, body),
                            request("GET", XksRequestHandler.PING_PATH, "")));
            assertThat(heads).extracting(head -> head.substring(0, "HTTP/1.1 200".length()))
                    .containsExactly("HTTP/1.1 404", "HTTP/1.1 405", "HTTP/1.1 405", "HTTP/1.1 200");
            assertThat(heads).noneMatch(head -> head.toLowerCase(Locale.ROOT).contains("connection: close"));
        }

        @Test
        void aBodyFarOverTheLimitIsAnsweredAndItsConnectionClosed() throws Exception {
            XksClient.Response response = post(api("health"), "x".repeat(200_000));
            assertXksError(response, 501, "UnsupportedOperationException");
            assertThat(response.headers().get("connection")).containsExactly("close");
        }

        /** A stalled request fails here with its name and round, after the client's generous timeout. */
        static XksClient.Response answer(int round, String what, Callable<XksClient.Response> request)
                throws Exception {
            try {
                return request.call();
            } catch (HttpTimeoutException e) {
                return fail("No answer to the %s request of round %d: it waited on the kept-alive connection",
                        what, round);
            }
        }

        static byte[] request(String method, String path, String body) {
            return (method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        }
    }

    @Nested
    class Authentication {

        @Test
        void kmsSignatureOverHostAndDateIsAccepted() throws Exception {
            URI uri = URI.create(proxy.url(api("health")));
            Map<String, List<String>> headers = KMS.sign("POST", uri, Map.of(), Bodies.health().getBytes(StandardCharsets.UTF_8));
            assertThat(headers.get("Authorization").get(0)).contains("SignedHeaders=host;x-amz-date,");
            assertThat(post(api("health"), Bodies.health()).status()).isEqualTo(200);
        }

        @Test
        void sdkSignatureWithContentHashIsAccepted() throws Exception {
            Signing sdk = Signing.sdkV4(ACCESS_KEY_ID, SECRET, Clock.systemUTC());
            URI uri = URI.create(proxy.url(api("health")));
            assertThat(sdk.sign("POST", uri, Map.of(), new byte[0]).get("Authorization").get(0))
                    .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,");
            assertThat(client.post(proxy.url(api("health")), Bodies.health(), sdk).status()).isEqualTo(200);
        }

        @Test
        void everyCredentialOfTheStoreIsAcceptedForRotation() throws Exception {
            XksClient.Response response = client.post(proxy.url(api("keys/foo/metadata")), Bodies.metadata(),
                    Signing.kms(ROTATED_ACCESS_KEY_ID, ROTATED_SECRET));
            assertThat(response.status()).isEqualTo(200);
        }

        @Test
        void aWrongSecretIsRejected() throws Exception {
            XksClient.Response response = client.post(proxy.url(api("health")), Bodies.health(),
                    Signing.kms(ACCESS_KEY_ID, "Invalid" + SECRET));
            assertXksError(response, 401, "AuthenticationFailedException");
        }

        @Test
        void anUnknownAccessKeyIdIsRejected() throws Exception {
            XksClient.Response response = client.post(proxy.url(api("keys/foo/encrypt")),
                    Bodies.encrypt(random(16), null, false).toString(), Signing.kms("Invalid" + ACCESS_KEY_ID, SECRET));
            assertXksError(response, 401, "AuthenticationFailedException");
        }

        @Test
        void anAccessKeyIdOfAnotherPrefixIsRejected() throws Exception {
            XksClient.Response response = client.post(proxy.url(api("keys/foo/metadata")), Bodies.metadata(),
                    Signing.kms(OTHER_ACCESS_KEY_ID, OTHER_SECRET));
            assertXksError(response, 401, "AuthenticationFailedException");
            assertThat(client.post(proxy.url("/other/tenant/kms/xks/v1/keys/foo/metadata"), Bodies.metadata(),
                    Signing.kms(OTHER_ACCESS_KEY_ID, OTHER_SECRET)).status()).isEqualTo(200);
        }

        @ParameterizedTest
        @ValueSource(ints = {-6, 6})
        void aDateMoreThanFiveMinutesAwayIsRejected(int minutes) throws Exception {
            Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(minutes));
            XksClient.Response response = client.post(proxy.url(api("health")), Bodies.health(),
                    Signing.legacySdk(ACCESS_KEY_ID, SECRET, "us-east-1", skewed));
            assertXksError(response, 401, "AuthenticationFailedException");
        }

        @Test
        void aDateWithinFiveMinutesIsAccepted() throws Exception {
            Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-4));
            XksClient.Response response = client.post(proxy.url(api("health")), Bodies.health(),
                    Signing.legacySdk(ACCESS_KEY_ID, SECRET, "us-east-1", skewed));
            assertThat(response.status()).isEqualTo(200);
        }

        @Test
        void anotherRegionIsRejected() throws Exception {
            XksClient.Response response = client.post(proxy.url(api("health")), Bodies.health(),
                    Signing.legacySdk(ACCESS_KEY_ID, SECRET, "eu-west-1", Clock.systemUTC()));
            assertXksError(response, 401, "AuthenticationFailedException");
        }

        @Test
        void anUnsignedRequestIsRejected() throws Exception {
            assertXksError(client.post(proxy.url(api("health")), Bodies.health(), Signing.none()),
                    401, "AuthenticationFailedException");
        }

        @Test
        void aBodyChangedAfterSigningIsRejected() throws Exception {
            Signing signsAnotherBody = (method, uri, headers, body) ->
                    KMS.sign(method, uri, headers, Bodies.health().getBytes(StandardCharsets.UTF_8));
            XksClient.Response response = client.post(proxy.url(api("health")), Bodies.health(), signsAnotherBody);
            assertXksError(response, 401, "AuthenticationFailedException");
        }
    }

    @Nested
    class GetHealthStatus {

        @Test
        void reportsTheProxyAndItsExternalKeyManagers() throws Exception {
            XksClient.Response response = post(api("health"), Bodies.health());
            assertThat(response.status()).isEqualTo(200);
            JsonNode body = response.json();
            assertThat(body.get("xksProxyFleetSize").asInt()).isEqualTo(1);
            assertThat(body.get("xksProxyVendor").asText()).isEqualTo("Keyhold");
            assertThat(body.get("xksProxyModel").asText()).startsWith("Keyhold XKS Proxy");
            assertThat(body.get("ekmVendor").asText()).isNotBlank();
            assertThat(body.get("ekmFleetDetails")).hasSize(1);
            assertThat(body.get("ekmFleetDetails").get(0).get("healthStatus").asText()).isEqualTo("ACTIVE");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"requestMetadata\": {}}", "{\"requestMetadata\": {\"kmsRequestId\": \"r\"}}",
            "{\"requestMetadata\": \"x\"}", "not json", "[]"})
        void incompleteRequestMetadataIsValidationException(String body) throws Exception {
            assertXksError(post(api("health"), body), 400, "ValidationException");
        }

        @Test
        void isExemptFromSecondaryAuthorization() throws Exception {
            XksClient.Response response = client.post(proxy.url("/restricted/kms/xks/v1/health"), Bodies.health(),
                    Signing.kms(RESTRICTED_ID, STORE_SECRET));
            assertThat(response.status()).isEqualTo(200);
        }

        @Test
        void unknownKmsOperationsAreAccepted() throws Exception {
            String body = "{\"requestMetadata\": {\"kmsRequestId\": \"not-a-uuid\", \"kmsOperation\": \"SomeFutureApi\"},"
                    + " \"someFutureField\": 1}";
            assertThat(post(api("health"), body).status()).isEqualTo(200);
        }
    }

    @Nested
    class GetKeyMetadata {

        @Test
        void describesAnAes256KeyThatMayEncryptAndDecrypt() throws Exception {
            XksClient.Response response = post(api("keys/foo/metadata"), Bodies.metadata());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().toString())
                    .isEqualTo("{\"keySpec\":\"AES_256\",\"keyUsage\":[\"ENCRYPT\",\"DECRYPT\"],\"keyStatus\":\"ENABLED\"}");
        }

        @Test
        void answersForDescribeKeyToo() throws Exception {
            String body = Bodies.withMetadata("DescribeKey", Bodies.PRINCIPAL).toString();
            assertThat(post(api("keys/foo/metadata"), body).text("keyStatus")).isEqualTo("ENABLED");
        }

        @Test
        void reportsTheConfiguredUsageAndStatus() throws Exception {
            assertThat(post(api("keys/encrypt_only_key/metadata"), Bodies.metadata()).json().get("keyUsage").toString())
                    .isEqualTo("[\"ENCRYPT\"]");
            assertThat(post(api("keys/decrypt_only_key/metadata"), Bodies.metadata()).json().get("keyUsage").toString())
                    .isEqualTo("[\"DECRYPT\"]");
            assertThat(post(api("keys/impotent_key/metadata"), Bodies.metadata()).json().get("keyUsage").toString())
                    .isEqualTo("[]");
            assertThat(post(api("keys/disabled_key/metadata"), Bodies.metadata()).text("keyStatus")).isEqualTo("DISABLED");
        }

        @Test
        void anUnknownKeyIsKeyNotFound() throws Exception {
            assertXksError(post(api("keys/non_existing_key/metadata"), Bodies.metadata()), 404, "KeyNotFoundException");
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"requestMetadata\": {}}",
            "{\"requestMetadata\": {\"kmsRequestId\": \"r\", \"kmsOperation\": \"CreateKey\"}}"})
        void incompleteRequestMetadataIsValidationException(String body) throws Exception {
            assertXksError(post(api("keys/foo/metadata"), body), 400, "ValidationException");
        }

        @Test
        void aPrincipalOutsideTheAllowListIsAccessDenied() throws Exception {
            Signing restricted = Signing.kms(RESTRICTED_ID, STORE_SECRET);
            String url = proxy.url("/restricted/kms/xks/v1/keys/foo/metadata");
            assertXksError(client.post(url, Bodies.metadata(), restricted), 403, "AccessDeniedException");
            String allowed = Bodies.withMetadata("CreateKey", ALLOWED_ROLE).toString();
            assertThat(client.post(url, allowed, restricted).status()).isEqualTo(200);
        }
    }

    @Nested
    class EncryptAndDecrypt {

        @Test
        void roundTripsWithoutAad() throws Exception {
            byte[] plaintext = "Hello World!".getBytes(StandardCharsets.US_ASCII);
            XksClient.Response encrypted = encrypt("foo", plaintext, null, false);
            assertThat(encrypted.status()).isEqualTo(200);
            assertThat(unb64(encrypted.text("ciphertext"))).hasSize(plaintext.length).isNotEqualTo(plaintext);
            assertThat(unb64(encrypted.text("initializationVector"))).hasSize(12);
            assertThat(unb64(encrypted.text("authenticationTag"))).hasSize(16);
            assertThat(unb64(encrypted.text("ciphertextMetadata")).length).isBetween(1, 20);
            assertThat(encrypted.json().has("ciphertextDataIntegrityValue")).isFalse();
            XksClient.Response decrypted = decrypt("foo", Bodies.decrypt(encrypted, null));
            assertThat(decrypted.json().toString()).isEqualTo("{\"plaintext\":\"" + b64(plaintext) + "\"}");
        }

        @Test
        void roundTripsWithAad() throws Exception {
            byte[] plaintext = random(32);
            XksClient.Response encrypted = encrypt("foo", plaintext, AAD, false);
            assertThat(unb64(decrypt("foo", Bodies.decrypt(encrypted, AAD)).text("plaintext"))).isEqualTo(plaintext);
        }

        @Test
        void everyEncryptionUsesAFreshIv() throws Exception {
            byte[] plaintext = random(32);
            String first = encrypt("foo", plaintext, null, false).text("initializationVector");
            String second = encrypt("foo", plaintext, null, false).text("initializationVector");
            assertThat(first).isNotEqualTo(second);
        }

        @Test
        void theCiphertextDataIntegrityValueCoversAadMetadataIvCiphertextAndTag() throws Exception {
            for (byte[] aad : new byte[][] {AAD, null}) {
                byte[] plaintext = random(48);
                XksClient.Response encrypted = encrypt("foo", plaintext, aad, true);
                assertThat(encrypted.status()).isEqualTo(200);
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                if (aad != null) {
                    sha256.update(aad);
                }
                for (String field : List.of("ciphertextMetadata", "initializationVector", "ciphertext", "authenticationTag")) {
                    sha256.update(unb64(encrypted.text(field)));
                }
                assertThat(encrypted.text("ciphertextDataIntegrityValue")).isEqualTo(b64(sha256.digest()));
                assertThat(unb64(decrypt("foo", Bodies.decrypt(encrypted, aad)).text("plaintext"))).isEqualTo(plaintext);
            }
        }

        @Test
        void theSpecMinimumSizesRoundTrip() throws Exception {
            byte[] plaintext = random(4300);
            byte[] aad = random(8192);
            XksClient.Response encrypted = encrypt("foo", plaintext, aad, true);
            assertThat(encrypted.status()).isEqualTo(200);
            assertThat(unb64(encrypted.text("ciphertext"))).hasSize(4300);
            assertThat(unb64(decrypt("foo", Bodies.decrypt(encrypted, aad)).text("plaintext"))).isEqualTo(plaintext);
        }

        @Test
        void theConfiguredLimitsRoundTrip() throws Exception {
            byte[] plaintext = random(8192);
            byte[] aad = random(16384);
            XksClient.Response encrypted = encrypt("foo", plaintext, aad, false);
            assertThat(unb64(decrypt("foo", Bodies.decrypt(encrypted, aad)).text("plaintext"))).isEqualTo(plaintext);
        }

        @Test
        void inputsAboveTheConfiguredLimitsAreUnsupportedOperation() throws Exception {
            assertXksError(encrypt("foo", random(8193), null, false), 501, "UnsupportedOperationException");
            assertXksError(encrypt("foo", random(16), random(16385), false), 501, "UnsupportedOperationException");
            XksClient.Response encrypted = encrypt("foo", random(16), null, false);
            ObjectNode body = Bodies.decrypt(encrypted, null).put("ciphertext", b64(random(8193)));
            assertXksError(decrypt("foo", body), 501, "UnsupportedOperationException");
        }

        @Test
        void decryptingWithoutTheAadIsInvalidCiphertext() throws Exception {
            XksClient.Response encrypted = encrypt("foo", random(16), AAD, false);
            assertXksError(decrypt("foo", Bodies.decrypt(encrypted, null)), 400, "InvalidCiphertextException");
        }

        @Test
        void decryptingWithAnotherAadIsInvalidCiphertext() throws Exception {
            XksClient.Response encrypted = encrypt("foo", random(16), AAD, false);
            assertXksError(decrypt("foo", Bodies.decrypt(encrypted, OTHER_AAD)), 400, "InvalidCiphertextException");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ciphertext", "authenticationTag", "initializationVector", "ciphertextMetadata"})
        void aFlippedBitIsInvalidCiphertext(String field) throws Exception {
            XksClient.Response encrypted = encrypt("foo", random(64), AAD, false);
            ObjectNode body = Bodies.decrypt(encrypted, AAD);
            byte[] value = unb64(body.get(field).asText());
            value[value.length / 2] ^= 0x01;
            body.put(field, b64(value));
            assertXksError(decrypt("foo", body), 400, "InvalidCiphertextException");
        }

        @Test
        void metadataMissingOnDecryptIsInvalidCiphertext() throws Exception {
            XksClient.Response encrypted = encrypt("foo", random(16), null, false);
            ObjectNode body = Bodies.decrypt(encrypted, null);
            body.remove("ciphertextMetadata");
            assertXksError(decrypt("foo", body), 400, "InvalidCiphertextException");
        }

        @Test
        void metadataReplayedAsAadIsInvalidCiphertext() throws Exception {
            XksClient.Response encrypted = encrypt("foo", random(16), null, false);
            ObjectNode body = Bodies.decrypt(encrypted, unb64(encrypted.text("ciphertextMetadata")));
            body.remove("ciphertextMetadata");
            assertXksError(decrypt("foo", body), 400, "InvalidCiphertextException");
        }

        @Test
        void wrongIvAndTagSizesAreInvalidCiphertext() throws Exception {
            XksClient.Response encrypted = encrypt("foo", random(16), null, false);
            assertXksError(decrypt("foo", Bodies.decrypt(encrypted, null).put("initializationVector", b64(random(8)))),
                    400, "InvalidCiphertextException");
            assertXksError(decrypt("foo", Bodies.decrypt(encrypted, null).put("authenticationTag", b64(random(12)))),
                    400, "InvalidCiphertextException");
        }

        @Test
        void decryptAcceptsSixteenByteIvs() throws Exception {
            byte[] plaintext = random(40);
            ObjectNode body = sealedOutsideTheProxy("foo", plaintext, AAD, 16);
            assertThat(unb64(decrypt("foo", body).text("plaintext"))).isEqualTo(plaintext);
        }

        @Test
        void anUnknownKeyIsKeyNotFound() throws Exception {
            assertXksError(encrypt("non_existing_key", random(16), null, false), 404, "KeyNotFoundException");
        }

        @Test
        void aDisabledKeyIsInvalidState() throws Exception {
            assertXksError(encrypt("disabled_key", random(16), null, false), 400, "InvalidStateException");
            XksClient.Response encrypted = encrypt("foo", random(16), null, false);
            assertXksError(decrypt("disabled_key", Bodies.decrypt(encrypted, null)), 400, "InvalidStateException");
        }

        @Test
        void aDisabledStoreIsInvalidState() throws Exception {
            XksClient.Response response = client.post(proxy.url("/disabled/kms/xks/v1/health"), Bodies.health(),
                    Signing.kms(DISABLED_ID, STORE_SECRET));
            assertXksError(response, 400, "InvalidStateException");
        }

        @Test
        void aPrincipalOutsideTheAllowListIsAccessDenied() throws Exception {
            XksClient.Response response = client.post(proxy.url("/restricted/kms/xks/v1/keys/foo/encrypt"),
                    Bodies.encrypt(random(16), null, false).toString(), Signing.kms(RESTRICTED_ID, STORE_SECRET));
            assertXksError(response, 403, "AccessDeniedException");
        }
    }

    @Nested
    class KeyUsage {

        @Test
        void anEncryptOnlyKeyEncryptsButDoesNotDecrypt() throws Exception {
            for (byte[] aad : new byte[][] {null, AAD}) {
                XksClient.Response encrypted = encrypt("encrypt_only_key", random(16), aad, false);
                assertThat(encrypted.status()).isEqualTo(200);
                assertXksError(decrypt("encrypt_only_key", Bodies.decrypt(encrypted, aad)), 400, "InvalidKeyUsageException");
            }
        }

        @Test
        void anEncryptOnlyKeyCannotGiveACiphertextDataIntegrityValue() throws Exception {
            assertXksError(encrypt("encrypt_only_key", random(16), AAD, true), 400, "InvalidKeyUsageException");
            assertXksError(encrypt("encrypt_only_key", random(16), null, true), 400, "InvalidKeyUsageException");
        }

        @ParameterizedTest
        @ValueSource(strings = {"decrypt_only_key", "impotent_key"})
        void keysWithoutEncryptUsageDoNotEncrypt(String keyId) throws Exception {
            assertXksError(encrypt(keyId, random(16), AAD, false), 400, "InvalidKeyUsageException");
            assertXksError(encrypt(keyId, random(16), null, false), 400, "InvalidKeyUsageException");
            assertXksError(encrypt(keyId, random(16), AAD, true), 400, "InvalidKeyUsageException");
            assertXksError(encrypt(keyId, random(16), null, true), 400, "InvalidKeyUsageException");
        }

        @Test
        void aDecryptOnlyKeyDecrypts() throws Exception {
            byte[] plaintext = random(24);
            ObjectNode body = sealedOutsideTheProxy("decrypt_only_key", plaintext, null, 12);
            assertThat(unb64(decrypt("decrypt_only_key", body).text("plaintext"))).isEqualTo(plaintext);
        }

        @Test
        void anImpotentKeyDoesNotDecrypt() throws Exception {
            ObjectNode body = sealedOutsideTheProxy("impotent_key", random(24), null, 12);
            assertXksError(decrypt("impotent_key", body), 400, "InvalidKeyUsageException");
        }
    }

    @Nested
    class Validation {

        @Test
        void missingPlaintextIsValidationException() throws Exception {
            ObjectNode body = Bodies.encrypt(random(8), null, false);
            body.remove("plaintext");
            assertXksError(encryptWith(body), 400, "ValidationException");
        }

        @ParameterizedTest
        @ValueSource(strings = {"not base64!", "SGVsbG8", "SGVsbG8_V29ybGQ-", "SGVs bG8=", "QR=="})
        void plaintextThatIsNotCanonicalStandardBase64IsValidationException(String plaintext) throws Exception {
            assertXksError(encryptWith(Bodies.encrypt(random(8), null, false).put("plaintext", plaintext)), 400,
                    "ValidationException");
        }

        @Test
        void aNonStringPlaintextIsValidationException() throws Exception {
            assertXksError(encryptWith(Bodies.encrypt(random(8), null, false).put("plaintext", 42)), 400, "ValidationException");
        }

        @ParameterizedTest
        @ValueSource(strings = {"AES_CBC", "SYMMETRIC_DEFAULT", ""})
        void anUnsupportedEncryptionAlgorithmIsValidationException(String algorithm) throws Exception {
            assertXksError(encryptWith(Bodies.encrypt(random(8), null, false).put("encryptionAlgorithm", algorithm)), 400,
                    "ValidationException");
            XksClient.Response encrypted = encrypt("foo", random(16), null, false);
            assertXksError(decrypt("foo", Bodies.decrypt(encrypted, null).put("encryptionAlgorithm", algorithm)), 400,
                    "ValidationException");
        }

        @Test
        void aMissingEncryptionAlgorithmIsValidationException() throws Exception {
            ObjectNode body = Bodies.encrypt(random(8), null, false);
            body.remove("encryptionAlgorithm");
            assertXksError(encryptWith(body), 400, "ValidationException");
        }

        @Test
        void anUnsupportedIntegrityAlgorithmIsValidationException() throws Exception {
            ObjectNode body = Bodies.encrypt(random(8), null, false).put("ciphertextDataIntegrityValueAlgorithm", "SHA_512");
            assertXksError(encryptWith(body), 400, "ValidationException");
        }

        @Test
        void ciphertextMetadataAboveTwentyBytesIsValidationException() throws Exception {
            XksClient.Response encrypted = encrypt("foo", random(16), null, false);
            assertXksError(decrypt("foo", Bodies.decrypt(encrypted, null).put("ciphertextMetadata", b64(random(21)))), 400,
                    "ValidationException");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ciphertext", "initializationVector", "authenticationTag"})
        void aMissingDecryptFieldIsValidationException(String field) throws Exception {
            ObjectNode body = Bodies.decrypt(encrypt("foo", random(16), null, false), null);
            body.remove(field);
            assertXksError(decrypt("foo", body), 400, "ValidationException");
        }

        @Test
        void missingKmsKeyArnIsValidationException() throws Exception {
            ObjectNode body = Bodies.encrypt(random(8), null, false);
            ((ObjectNode) body.get("requestMetadata")).remove("kmsKeyArn");
            assertXksError(encryptWith(body), 400, "ValidationException");
        }

        @Test
        void unknownFieldsAreIgnored() throws Exception {
            ObjectNode body = Bodies.encrypt(random(8), null, false).put("aFieldOfTomorrow", "x");
            ((ObjectNode) body.get("requestMetadata")).put("awsSourceVpce", "vpce-1234").put("newAuditField", 1);
            assertThat(encryptWith(body).status()).isEqualTo(200);
        }

        @Test
        void anArnOf2048CharactersIsAccepted() throws Exception {
            String longArn = "arn:aws:iam::123456789012:role/" + "a".repeat(2048 - 31);
            assertThat(longArn).hasSize(2048);
            ObjectNode body = Bodies.encrypt(random(4300), random(8192), true);
            ((ObjectNode) body.get("requestMetadata")).put("awsPrincipalArn", longArn).put("kmsKeyArn", longArn);
            assertThat(encryptWith(body).status()).isEqualTo(200);
        }

        private XksClient.Response encryptWith(ObjectNode body) throws Exception {
            return post(api("keys/foo/encrypt"), body.toString());
        }
    }

    @Nested
    class FaultsAndQuotas {

        @Test
        void aStoreOverItsQuotaIsThrottled() throws Exception {
            Signing throttled = Signing.kms(THROTTLED_ID, STORE_SECRET);
            String url = proxy.url("/throttled/kms/xks/v1/health");
            assertThat(client.post(url, Bodies.health(), throttled).status()).isEqualTo(200);
            assertThat(client.post(url, Bodies.health(), throttled).status()).isEqualTo(200);
            assertXksError(client.post(url, Bodies.health(), throttled), 429, "ThrottlingException");
        }

        @Test
        void addedLatencyExceedsKmsBudgetOfTheSlowStoreOnly() throws Exception {
            Signing slow = Signing.kms(SLOW_ID, STORE_SECRET);
            String url = proxy.url("/slow/kms/xks/v1/health");
            assertThatThrownBy(() -> client.withTimeout(Duration.ofMillis(250)).post(url, Bodies.health(), slow))
                    .isInstanceOf(HttpTimeoutException.class);
            long start = System.nanoTime();
            assertThat(client.post(url, Bodies.health(), slow).status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
    }

    /** An XKS ciphertext made with the key taken from the keystore file and the spec's AAD recipe, as the proxy would. */
    static ObjectNode sealedOutsideTheProxy(String keyId, byte[] plaintext, byte[] aad, int ivBytes) throws Exception {
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("keys.p12"))) {
            keystore.load(in, "test-password".toCharArray());
        }
        SecretKey key = (SecretKey) keystore.getKey(keyId, "test-password".toCharArray());
        byte[] metadata = "keyhold-aad=v1".getBytes(StandardCharsets.US_ASCII);
        byte[] callerAad = aad != null ? aad : new byte[0];
        byte[] gcmAad = ByteBuffer.allocate(2 + callerAad.length + 1 + metadata.length)
                .putShort((short) callerAad.length).put(callerAad).put((byte) metadata.length).put(metadata).array();
        byte[] iv = random(ivBytes);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        cipher.updateAAD(gcmAad);
        byte[] sealed = cipher.doFinal(plaintext);
        ObjectNode body = Bodies.withMetadata("Decrypt", Bodies.PRINCIPAL)
                .put("ciphertext", b64(Arrays.copyOf(sealed, plaintext.length)))
                .put("ciphertextMetadata", b64(metadata))
                .put("initializationVector", b64(iv))
                .put("authenticationTag", b64(Arrays.copyOfRange(sealed, plaintext.length, sealed.length)))
                .put("encryptionAlgorithm", "AES_GCM");
        if (aad != null) {
            body.put("additionalAuthenticatedData", b64(aad));
        }
        return body;
    }
}
