package io.keyhold.xksproxy.backend;

import static io.keyhold.xksproxy.support.Bodies.b64;
import static io.keyhold.xksproxy.support.Bodies.unb64;
import static io.keyhold.xksproxy.support.ErrorAssertions.assertXksError;
import static io.keyhold.xksproxy.support.TestConfigs.ACCESS_KEY_ID;
import static io.keyhold.xksproxy.support.TestConfigs.PREFIX;
import static io.keyhold.xksproxy.support.TestConfigs.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyhold.xksproxy.support.Bodies;
import io.keyhold.xksproxy.support.RunningProxy;
import io.keyhold.xksproxy.support.Signing;
import io.keyhold.xksproxy.support.SoftHsm;
import io.keyhold.xksproxy.support.TestConfigs;
import io.keyhold.xksproxy.support.XksClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proxy over a SoftHSM2 token through SunPKCS11: token found by label among several, keys by CKA_LABEL,
 * AES-GCM inside the token. Needs the Debian package softhsm2.
 */
class Pkcs11BackendTest {

    static final String TOKEN = "xks-test";
    static final String PIN = "1234";
    static final SecureRandom RANDOM = new SecureRandom();
    static final byte[] FOO_KEY = SoftHsm.keyMaterial(32);
    static final byte[] AAD = "project=nile,department=marketing".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    static Path dir;
    static SoftHsm softHsm;
    static RunningProxy proxy;
    static XksClient client;

    @BeforeAll
    static void startProxyOnAToken() throws Exception {
        softHsm = SoftHsm.freshTokenDirectory();
        softHsm.initToken("some-other-token", "9999");
        softHsm.initToken(TOKEN, PIN);
        softHsm.importAesKey("some-other-token", "9999", "foo", 1, SoftHsm.keyMaterial(32), dir);
        softHsm.importAesKey(TOKEN, PIN, "foo", 1, FOO_KEY, dir);
        softHsm.importAesKey(TOKEN, PIN, "small", 2, SoftHsm.keyMaterial(16), dir);
        softHsm.importAesKey(TOKEN, PIN, "encrypt_only_key", 3, SoftHsm.keyMaterial(32), dir);
        proxy = RunningProxy.start(dir, TestConfigs.base(dir) + pkcs11Backend(true) + """
                  keys:
                    - id: foo
                    - id: small
                    - id: generated
                    - id: encrypt_only_key
                      usage: [ENCRYPT]
                  stores:
                    - prefix: %s
                      credentials: [{access-key-id: %s, secret-access-key: %s}]
                      keys: [foo, small, generated, encrypt_only_key]
                """.formatted(PREFIX, ACCESS_KEY_ID, SECRET));
        client = XksClient.trusting(proxy.caCertificate());
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @Test
    void keysAreDescribedFromTheToken() throws Exception {
        assertThat(post("keys/foo/metadata", Bodies.metadata()).text("keySpec")).isEqualTo("AES_256");
        assertThat(post("keys/small/metadata", Bodies.metadata()).text("keySpec")).isEqualTo("AES_128");
    }

    @Test
    void missingKeysAreGeneratedInTheTokenWhenConfiguredTo() throws Exception {
        XksClient.Response metadata = post("keys/generated/metadata", Bodies.metadata());
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(metadata.text("keySpec")).isEqualTo("AES_256");
        byte[] plaintext = random(32);
        XksClient.Response encrypted = post("keys/generated/encrypt", Bodies.encrypt(plaintext, null, true).toString());
        assertThat(unb64(post("keys/generated/decrypt", Bodies.decrypt(encrypted, null).toString()).text("plaintext")))
                .isEqualTo(plaintext);
    }

    @Test
    void theTokenEncryptsAndDecryptsTheSpecMinimumSizes() throws Exception {
        byte[] plaintext = random(4300);
        byte[] aad = random(8192);
        XksClient.Response encrypted = post("keys/foo/encrypt", Bodies.encrypt(plaintext, aad, true).toString());
        assertThat(encrypted.status()).isEqualTo(200);
        assertThat(encrypted.text("ciphertextDataIntegrityValue")).isNotBlank();
        assertThat(unb64(encrypted.text("initializationVector"))).hasSize(12);
        XksClient.Response decrypted = post("keys/foo/decrypt", Bodies.decrypt(encrypted, aad).toString());
        assertThat(unb64(decrypted.text("plaintext"))).isEqualTo(plaintext);
    }

    @Test
    void theTokenUsesTheImportedKeyMaterialAndTheSpecAadRecipe() throws Exception {
        byte[] plaintext = random(100);
        XksClient.Response encrypted = post("keys/foo/encrypt", Bodies.encrypt(plaintext, AAD, false).toString());
        byte[] metadata = unb64(encrypted.text("ciphertextMetadata"));
        byte[] gcmAad = ByteBuffer.allocate(2 + AAD.length + 1 + metadata.length)
                .putShort((short) AAD.length).put(AAD).put((byte) metadata.length).put(metadata).array();
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(FOO_KEY, "AES"),
                new GCMParameterSpec(128, unb64(encrypted.text("initializationVector"))));
        cipher.updateAAD(gcmAad);
        byte[] sealed = ByteBuffer.allocate(plaintext.length + 16).put(unb64(encrypted.text("ciphertext")))
                .put(unb64(encrypted.text("authenticationTag"))).array();
        assertThat(cipher.doFinal(sealed)).isEqualTo(plaintext);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ciphertext", "authenticationTag", "ciphertextMetadata", "additionalAuthenticatedData"})
    void aTamperedFieldIsInvalidCiphertext(String field) throws Exception {
        XksClient.Response encrypted = post("keys/foo/encrypt", Bodies.encrypt(random(64), AAD, false).toString());
        ObjectNode body = Bodies.decrypt(encrypted, AAD);
        byte[] value = unb64(body.get(field).asText());
        value[0] ^= 0x01;
        body.put(field, b64(value));
        assertXksError(post("keys/foo/decrypt", body.toString()), 400, "InvalidCiphertextException");
    }

    @Test
    void anEncryptOnlyKeyCannotGiveACiphertextDataIntegrityValue() throws Exception {
        assertThat(post("keys/encrypt_only_key/encrypt", Bodies.encrypt(random(16), null, false).toString()).status())
                .isEqualTo(200);
        assertXksError(post("keys/encrypt_only_key/encrypt", Bodies.encrypt(random(16), AAD, true).toString()), 400,
                "InvalidKeyUsageException");
    }

    @Test
    void theDeepHealthCheckUsesTheToken() throws Exception {
        XksClient.Response health = post("health", Bodies.health());
        assertThat(health.json().get("ekmFleetDetails").findValuesAsText("healthStatus")).containsExactly("ACTIVE");
    }

    @Test
    void aKeyMissingFromTheTokenIsKeyNotFoundAndTheHealthCheckFailsWithoutItsTestKey() throws Exception {
        Path second = dir.resolve("second");
        Files.createDirectories(second);
        try (RunningProxy strict = RunningProxy.start(second, TestConfigs.base(second) + pkcs11Backend(false) + """
                  health:
                    test-key-id: absent-health-key
                  keys:
                    - id: foo
                    - id: absent
                  stores:
                    - prefix: %s
                      credentials: [{access-key-id: %s, secret-access-key: %s}]
                      keys: [foo, absent]
                """.formatted(PREFIX, ACCESS_KEY_ID, SECRET))) {
            XksClient strictClient = XksClient.trusting(strict.caCertificate());
            Signing kms = Signing.kms(ACCESS_KEY_ID, SECRET);
            String api = PREFIX + "/kms/xks/v1/";
            assertThat(strictClient.post(strict.url(api + "keys/foo/metadata"), Bodies.metadata(), kms).status()).isEqualTo(200);
            assertXksError(strictClient.post(strict.url(api + "keys/absent/metadata"), Bodies.metadata(), kms), 404,
                    "KeyNotFoundException");
            XksClient.Response health = strictClient.post(strict.url(api + "health"), Bodies.health(), kms);
            assertThat(health.json().get("ekmFleetDetails").findValuesAsText("healthStatus")).containsExactly("UNAVAILABLE");
        }
    }

    @Test
    void theTokenIsFoundByLabelAmongOthers() {
        List<Pkcs11Slots.Token> tokens = Pkcs11Slots.tokens(SoftHsm.LIBRARY);
        assertThat(tokens).extracting(Pkcs11Slots.Token::label).contains(TOKEN, "some-other-token");
        long slot = Pkcs11Slots.slotOfToken(SoftHsm.LIBRARY, TOKEN);
        assertThat(tokens).filteredOn(t -> t.slotId() == slot).extracting(Pkcs11Slots.Token::label).containsExactly(TOKEN);
    }

    private static String pkcs11Backend(boolean createMissingKeys) {
        return """
                  backend:
                    type: pkcs11
                    pkcs11:
                      library: %s
                      token-label: %s
                      pin: "%s"
                      create-missing-keys: %s
                """.formatted(SoftHsm.LIBRARY, TOKEN, PIN, createMissingKeys);
    }

    private static XksClient.Response post(String rest, String body) throws Exception {
        return client.post(proxy.url(PREFIX + "/kms/xks/v1/" + rest), body, Signing.kms(ACCESS_KEY_ID, SECRET));
    }

    static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return value;
    }
}
