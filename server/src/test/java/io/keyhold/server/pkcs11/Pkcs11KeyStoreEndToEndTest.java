package io.keyhold.server.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyhold.server.testsupport.KeyholdTestProperties;
import io.keyhold.server.testsupport.KmsClients;
import io.keyhold.server.testsupport.TestClusterCertificates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

/**
 * CloudHSM-type key stores on real PKCS#11 tokens (SoftHSM2, one token per cluster, in the
 * directory named by SOFTHSM2_CONF, which surefire sets for this module): kmsuser's password is
 * the token's user PIN, and every connect logs in and rotates it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class Pkcs11KeyStoreEndToEndTest {

    private static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    private static final String ALPHA = "cluster-softhsmAlpha";
    private static final String BRAVO = "cluster-softhsmBravo";
    private static final String NO_LIBRARY = "cluster-softhsmNolib";
    private static final String NO_TOKEN = "cluster-softhsmNotok";
    private static final String ALPHA_PIN = "alpha-kmsuser-Pin1";
    private static final String BRAVO_PIN = "bravo-kmsuser-Pin2";

    private static final Path WORK = tempDirectory();
    private static final Map<String, TestClusterCertificates> CERTIFICATES = Map.of(
            ALPHA, TestClusterCertificates.issue(ALPHA), BRAVO, TestClusterCertificates.issue(BRAVO),
            NO_LIBRARY, TestClusterCertificates.issue(NO_LIBRARY), NO_TOKEN, TestClusterCertificates.issue(NO_TOKEN));

    @DynamicPropertySource
    static void keyhold(DynamicPropertyRegistry registry) throws IOException {
        FileSystemUtils.deleteRecursively(tokenDirectory());
        initToken("kms-alpha", ALPHA_PIN);
        initToken("kms-bravo", BRAVO_PIN);
        KeyholdTestProperties.isolated(registry, WORK.resolve("data"));
        cluster(registry, ALPHA, LIBRARY, "kms-alpha");
        cluster(registry, BRAVO, LIBRARY, "kms-bravo");
        cluster(registry, NO_LIBRARY, "/nonexistent/libnothing.so", "kms-alpha");
        cluster(registry, NO_TOKEN, LIBRARY, "no-such-token");
    }

    private static void cluster(DynamicPropertyRegistry registry, String clusterId, String library, String tokenLabel)
            throws IOException {
        Path certificate = WORK.resolve(clusterId + ".crt");
        Files.writeString(certificate, CERTIFICATES.get(clusterId).clusterCertificatePem());
        String prefix = "keyhold.clusters[" + clusterId + "].pkcs11.";
        registry.add(prefix + "library", () -> library);
        registry.add(prefix + "token-label", () -> tokenLabel);
        registry.add(prefix + "cluster-certificate-file", certificate::toString);
    }

    /** A token in the SoftHSM2 directory this test JVM uses (SOFTHSM2_CONF, set by surefire). */
    private static void initToken(String label, String userPin) {
        try {
            Path tokens = tokenDirectory();
            Files.createDirectories(tokens);
            Files.writeString(softHsmConf(), "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n");
            Process process = new ProcessBuilder(List.of("softhsm2-util", "--init-token", "--free", "--label", label,
                    "--so-pin", "so-pin-1234", "--pin", userPin)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0)
                    .as("softhsm2-util (apt-get install softhsm2): " + output).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException("softhsm2-util is needed (apt-get install softhsm2)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path softHsmConf() {
        String conf = System.getenv("SOFTHSM2_CONF");
        assertThat(conf).as("surefire sets SOFTHSM2_CONF for this module").isNotBlank();
        return Path.of(conf);
    }

    private static Path tokenDirectory() {
        return softHsmConf().resolveSibling("softhsm2-tokens");
    }

    @LocalServerPort
    int port;

    @Test
    void aStoreOnATokenConnectsRotatesThePinAndReconnectsWithTheRotatedOne() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            String id = create(kms, "alpha", ALPHA, ALPHA_PIN);
            assertThat(connect(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
            assertThat(connect(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));

            // the PIN it was created with is no longer the token's: telling Keyhold it again fails the connect
            kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).keyStorePassword(ALPHA_PIN));
            CustomKeyStoresListEntry stale = connect(kms, id);
            assertThat(stale.connectionState()).isEqualTo(ConnectionStateType.FAILED);
            assertThat(stale.connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.INVALID_CREDENTIALS);
        }
    }

    @Test
    void wrongPinsFailWithInvalidCredentialsUntilTheUserIsLockedOut() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            String id = create(kms, "bravo", BRAVO, "not-the-Pin-123");
            for (int attempt = 1; attempt <= 4; attempt++) {
                assertThat(connect(kms, id).connectionErrorCode()).as("attempt " + attempt)
                        .isEqualTo(ConnectionErrorCodeType.INVALID_CREDENTIALS);
                kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
            }
            assertThat(connect(kms, id).connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.USER_LOCKED_OUT);
        }
    }

    @Test
    void aMissingLibraryAndAMissingTokenFailAsKmsReportsThem() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            assertThat(connect(kms, create(kms, "no-library", NO_LIBRARY, ALPHA_PIN)).connectionErrorCode())
                    .isEqualTo(ConnectionErrorCodeType.NETWORK_ERRORS);
            assertThat(connect(kms, create(kms, "no-token", NO_TOKEN, ALPHA_PIN)).connectionErrorCode())
                    .isEqualTo(ConnectionErrorCodeType.CLUSTER_NOT_FOUND);
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

    private static Path tempDirectory() {
        try {
            return Files.createTempDirectory("keyhold-pkcs11");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
