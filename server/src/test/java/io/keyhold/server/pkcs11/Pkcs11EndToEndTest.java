package io.keyhold.server.pkcs11;

import static org.awaitility.Awaitility.await;

import io.keyhold.connector.pkcs11.SoftHsm;
import io.keyhold.server.testsupport.EventHistory;
import io.keyhold.server.testsupport.EventReplayProbe;
import io.keyhold.server.testsupport.KeyholdTestProperties;
import io.keyhold.server.testsupport.TestClusterCertificates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

/**
 * The server the PKCS#11 end-to-end test classes share, with one cluster per test, each on its
 * own SoftHSM2 token. The tokens are made in-process through the library the server loads, before
 * the server starts: SoftHSM2 reads SOFTHSM2_CONF (set by surefire) once per process and sees only
 * tokens made before its C_Initialize or through that same library, so this JVM has one token
 * directory, and tests are kept apart by token, not by directory.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = EventReplayProbe.TRACKING)
@Import(EventHistory.class)
abstract class Pkcs11EndToEndTest {

    static final String ROTATION = "cluster-softhsmRotate";
    static final String LOCKOUT = "cluster-softhsmLockout";
    static final String NO_USER = "cluster-softhsmNoUser";
    static final String NO_LIBRARY = "cluster-softhsmNolib";
    static final String NO_TOKEN = "cluster-softhsmNotok";
    static final String CRYPTO = "cluster-softhsmCrypto";
    static final String RECONNECT = "cluster-softhsmReconn";
    static final String DELETION = "cluster-softhsmDelete";
    static final String ROTATION_PIN = "rotation-kmsuser-Pin1";
    static final String LOCKOUT_PIN = "lockout-kmsuser-Pin2";
    static final String CRYPTO_PIN = "crypto-kmsuser-Pin3";
    static final String RECONNECT_PIN = "reconnect-kmsuser-Pin4";
    static final String DELETION_PIN = "deletion-kmsuser-Pin5";

    private static final Path WORK = tempDirectory();
    private static final Map<String, TestClusterCertificates> CERTIFICATES = new ConcurrentHashMap<>();
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    @DynamicPropertySource
    static void keyhold(DynamicPropertyRegistry registry) throws IOException {
        KeyholdTestProperties.isolated(registry, WORK.resolve("data"));
        cluster(registry, ROTATION, SoftHsm.LIBRARY, SoftHsm.createToken("rotation", ROTATION_PIN));
        cluster(registry, LOCKOUT, SoftHsm.LIBRARY, SoftHsm.createToken("lockout", LOCKOUT_PIN));
        cluster(registry, NO_USER, SoftHsm.LIBRARY, SoftHsm.createTokenWithoutUserPin("no-user"));
        cluster(registry, NO_LIBRARY, "/nonexistent/libnothing.so", "any-token");
        cluster(registry, NO_TOKEN, SoftHsm.LIBRARY, "no-such-token");
        cluster(registry, CRYPTO, SoftHsm.LIBRARY, SoftHsm.createToken("crypto", CRYPTO_PIN));
        cluster(registry, RECONNECT, SoftHsm.LIBRARY, SoftHsm.createToken("reconnect", RECONNECT_PIN));
        cluster(registry, DELETION, SoftHsm.LIBRARY, SoftHsm.createToken("deletion", DELETION_PIN));
    }

    private static void cluster(DynamicPropertyRegistry registry, String clusterId, String library, String tokenLabel)
            throws IOException {
        TestClusterCertificates certificates = TestClusterCertificates.issue(clusterId);
        CERTIFICATES.put(clusterId, certificates);
        TOKENS.put(clusterId, tokenLabel);
        Path certificate = WORK.resolve(clusterId + ".crt");
        Files.writeString(certificate, certificates.clusterCertificatePem());
        String prefix = "keyhold.clusters[" + clusterId + "].pkcs11.";
        registry.add(prefix + "library", () -> library);
        registry.add(prefix + "token-label", () -> tokenLabel);
        registry.add(prefix + "cluster-certificate-file", certificate::toString);
    }

    @LocalServerPort
    int port;

    /** The label of the cluster's token. */
    static String token(String clusterId) {
        return TOKENS.get(clusterId);
    }

    /** A CloudHSM key store on the cluster, trusting its owner's CA, with kmsuser's password. */
    static String createStore(KmsClient kms, String name, String clusterId, String password) {
        return kms.createCustomKeyStore(r -> r.customKeyStoreName(name)
                .cloudHsmClusterId(clusterId)
                .trustAnchorCertificate(CERTIFICATES.get(clusterId).trustAnchorPem())
                .keyStorePassword(password)).customKeyStoreId();
    }

    /** Connects and waits for the outcome. */
    static CustomKeyStoresListEntry connect(KmsClient kms, String id) {
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
