package io.keyhold.xksproxy.server;

import static io.keyhold.xksproxy.support.TestConfigs.ACCESS_KEY_ID;
import static io.keyhold.xksproxy.support.TestConfigs.PREFIX;
import static io.keyhold.xksproxy.support.TestConfigs.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyhold.xksproxy.support.Bodies;
import io.keyhold.xksproxy.support.Curl;
import io.keyhold.xksproxy.support.RunningProxy;
import io.keyhold.xksproxy.support.TestConfigs;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** curl's {@code --aws-sigv4} signs content-type;host;x-amz-date; the compliance client is built on it. */
class CurlCompatibilityTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static RunningProxy proxy;

    @BeforeAll
    static void startProxy() {
        proxy = RunningProxy.start(dir, TestConfigs.base(dir) + TestConfigs.softwareBackend(dir)
                + TestConfigs.complianceKeys() + TestConfigs.complianceStores());
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @Test
    void curlSignedHealthCheckIsAccepted() throws Exception {
        Curl.Result result = Curl.post(proxy, dir, PREFIX + "/kms/xks/v1/health", Bodies.health(), ACCESS_KEY_ID, SECRET);
        assertThat(result.trace()).contains("SignedHeaders=content-type;host;x-amz-date,");
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).contains("\"healthStatus\":");
    }

    @Test
    void curlRoundTripsTheSpecMinimumSizesWithIntegrityValue() throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] plaintext = new byte[4300];
        byte[] aad = new byte[8192];
        random.nextBytes(plaintext);
        random.nextBytes(aad);
        Curl.Result encrypted = Curl.post(proxy, dir, PREFIX + "/kms/xks/v1/keys/foo/encrypt",
                Bodies.encrypt(plaintext, aad, true).toString(), ACCESS_KEY_ID, SECRET);
        assertThat(encrypted.status()).isEqualTo(200);
        JsonNode sealed = JSON.readTree(encrypted.body());
        assertThat(sealed.has("ciphertextDataIntegrityValue")).isTrue();

        ObjectNode decrypt = Bodies.withMetadata("Decrypt", Bodies.PRINCIPAL)
                .put("ciphertext", sealed.get("ciphertext").asText())
                .put("ciphertextMetadata", sealed.get("ciphertextMetadata").asText())
                .put("initializationVector", sealed.get("initializationVector").asText())
                .put("authenticationTag", sealed.get("authenticationTag").asText())
                .put("additionalAuthenticatedData", Bodies.b64(aad))
                .put("encryptionAlgorithm", "AES_GCM");
        Curl.Result decrypted = Curl.post(proxy, dir, PREFIX + "/kms/xks/v1/keys/foo/decrypt", decrypt.toString(),
                ACCESS_KEY_ID, SECRET);
        assertThat(decrypted.status()).isEqualTo(200);
        assertThat(Bodies.unb64(JSON.readTree(decrypted.body()).get("plaintext").asText())).isEqualTo(plaintext);
    }

    @Test
    void curlWithAWrongSecretIsAuthenticationFailed() throws Exception {
        Curl.Result result = Curl.post(proxy, dir, PREFIX + "/kms/xks/v1/health", Bodies.health(), ACCESS_KEY_ID,
                "Invalid" + SECRET);
        assertThat(result.status()).isEqualTo(401);
        assertThat(result.body()).contains("AuthenticationFailedException");
    }

    @Test
    void curlWithAnUnknownAccessKeyIdIsAuthenticationFailed() throws Exception {
        Curl.Result result = Curl.post(proxy, dir, PREFIX + "/kms/xks/v1/keys/foo/metadata", Bodies.metadata(),
                "Invalid" + ACCESS_KEY_ID, SECRET);
        assertThat(result.status()).isEqualTo(401);
        assertThat(result.body()).contains("AuthenticationFailedException");
    }

    @Test
    void curlOnAnInvalidPrefixIsInvalidUriPath() throws Exception {
        Curl.Result result = Curl.post(proxy, dir, PREFIX + "/invalid/kms/xks/v1/health", Bodies.health(),
                ACCESS_KEY_ID, SECRET);
        assertThat(result.status()).isEqualTo(404);
        assertThat(result.body()).contains("InvalidUriPathException");
    }
}
