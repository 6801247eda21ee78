package io.keyhold.server.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyhold.connector.pkcs11.SoftHsm;
import io.keyhold.server.testsupport.KeyholdTestProperties;
import io.keyhold.server.testsupport.KmsClients;
import io.keyhold.server.testsupport.TestClusterCertificates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

/**
 * CloudHSM-type key stores on real PKCS#11 tokens through the AWS SDK: kmsuser's password is the
 * token's user PIN, and every connect logs in and rotates it. Each test has its own cluster on its
 * own SoftHSM2 token. The tokens are made in-process through the library the server loads, before
 * the server starts: SoftHSM2 reads SOFTHSM2_CONF (set by surefire) once per process and sees only
 * tokens made before its C_Initialize or through that same library, so this JVM has one token
 * directory, and tests are kept apart by token, not by directory.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class Pkcs11KeyStoreEndToEndTest {

    private static final String ROTATION = "cluster-softhsmRotate";
    private static final String LOCKOUT = "cluster-softhsmLockout";
    private static final String NO_USER = "cluster-softhsmNoUser";
    private static final String NO_LIBRARY = "cluster-softhsmNolib";
    private static final String NO_TOKEN = "cluster-softhsmNotok";
    private static final String ROTATION_PIN = "rotation-kmsuser-Pin1";
    private static final String LOCKOUT_PIN = "lockout-kmsuser-Pin2";
    private static final String AUTHORIZATION =
            "AWS4-HMAC-SHA256 Credential=test/20261204/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=00";

    private static final Path WORK = tempDirectory();
    private static final Map<String, TestClusterCertificates> CERTIFICATES = new HashMap<>();

    @DynamicPropertySource
    static void keyhold(DynamicPropertyRegistry registry) throws IOException {
        KeyholdTestProperties.isolated(registry, WORK.resolve("data"));
        cluster(registry, ROTATION, SoftHsm.LIBRARY, SoftHsm.createToken("rotation", ROTATION_PIN));
        cluster(registry, LOCKOUT, SoftHsm.LIBRARY, SoftHsm.createToken("lockout", LOCKOUT_PIN));
        cluster(registry, NO_USER, SoftHsm.LIBRARY, SoftHsm.createTokenWithoutUserPin("no-user"));
        cluster(registry, NO_LIBRARY, "/nonexistent/libnothing.so", "any-token");
        cluster(registry, NO_TOKEN, SoftHsm.LIBRARY, "no-such-token");
    }

    private static void cluster(DynamicPropertyRegistry registry, String clusterId, String library, String tokenLabel)
            throws IOException {
        TestClusterCertificates certificates = TestClusterCertificates.issue(clusterId);
        CERTIFICATES.put(clusterId, certificates);
        Path certificate = WORK.resolve(clusterId + ".crt");
        Files.writeString(certificate, certificates.clusterCertificatePem());
        String prefix = "keyhold.clusters[" + clusterId + "].pkcs11.";
        registry.add(prefix + "library", () -> library);
        registry.add(prefix + "token-label", () -> tokenLabel);
        registry.add(prefix + "cluster-certificate-file", certificate::toString);
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aStoreOnATokenConnectsRotatesThePinAndReconnectsWithTheRotatedOne() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            String id = create(kms, "rotation", ROTATION, ROTATION_PIN);
            assertThat(connect(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
            assertThat(connect(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));

            // the PIN it was created with is no longer the token's: telling Keyhold it again fails the connect
            kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).keyStorePassword(ROTATION_PIN));
            assertFailed(connect(kms, id), ConnectionErrorCodeType.INVALID_CREDENTIALS);
        }
    }

    @Test
    void fiveWrongPinsLockKmsUserOutUntilAnOperatorUnlocksIt() throws Exception {
        try (KmsClient kms = KmsClients.forPort(port)) {
            String id = create(kms, "lockout", LOCKOUT, "not-the-Pin-123");
            for (int attempt = 1; attempt <= 4; attempt++) {
                assertFailed(connect(kms, id), ConnectionErrorCodeType.INVALID_CREDENTIALS);
                kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
            }
            assertFailed(connect(kms, id), ConnectionErrorCodeType.USER_LOCKED_OUT);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));

            kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).keyStorePassword(LOCKOUT_PIN));
            assertFailed(connect(kms, id), ConnectionErrorCodeType.USER_LOCKED_OUT);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
            assertThat(admin("GET", "/simulation").body()).contains("\"failedLogins\":5", "\"locked\":true");

            assertThat(admin("DELETE", "/kmsuser-lockout").statusCode()).isEqualTo(204);
            assertThat(admin("GET", "/simulation").body()).contains("\"failedLogins\":0", "\"locked\":false");
            assertThat(connect(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        }
    }

    @Test
    void aTokenWhoseUserPinWasNeverSetHasNoKmsUser() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            assertFailed(connect(kms, create(kms, "no-user", NO_USER, "any-kmsuser-Pin3")),
                    ConnectionErrorCodeType.USER_NOT_FOUND);
        }
    }

    @Test
    void aMissingLibraryIsANetworkError() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            assertFailed(connect(kms, create(kms, "no-library", NO_LIBRARY, "any-kmsuser-Pin4")),
                    ConnectionErrorCodeType.NETWORK_ERRORS);
        }
    }

    @Test
    void aMissingTokenIsAClusterNotFound() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            assertFailed(connect(kms, create(kms, "no-token", NO_TOKEN, "any-kmsuser-Pin5")),
                    ConnectionErrorCodeType.CLUSTER_NOT_FOUND);
        }
    }

    private static String create(KmsClient kms, String name, String clusterId, String password) {
        return kms.createCustomKeyStore(r -> r.customKeyStoreName(name)
                .cloudHsmClusterId(clusterId)
                .trustAnchorCertificate(CERTIFICATES.get(clusterId).trustAnchorPem())
                .keyStorePassword(password)).customKeyStoreId();
    }

    private static CustomKeyStoresListEntry connect(KmsClient kms, String id) {
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> kms.describeCustomKeyStores(r -> r.customKeyStoreId(id)).customKeyStores().get(0),
                        store -> store.connectionState() != ConnectionStateType.CONNECTING);
    }

    private static void assertFailed(CustomKeyStoresListEntry store, ConnectionErrorCodeType expected) {
        assertThat(store.connectionState()).isEqualTo(ConnectionStateType.FAILED);
        assertThat(store.connectionErrorCode()).isEqualTo(expected);
    }

    /** The operator's admin endpoints for the lockout test's cluster, over real HTTP. */
    private HttpResponse<String> admin(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/admin/clusters/" + LOCKOUT + path))
                .header("Authorization", AUTHORIZATION)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Path tempDirectory() {
        try {
            return Files.createTempDirectory("keyhold-pkcs11");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
