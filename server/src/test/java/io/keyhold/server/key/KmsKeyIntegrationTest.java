package io.keyhold.server.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.keyhold.api.error.KmsException;
import io.keyhold.api.key.CreateKmsKeyCommand;
import io.keyhold.api.key.FindKmsKeyQuery;
import io.keyhold.api.key.KeyOrigin;
import io.keyhold.api.key.KmsKeyView;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.server.testsupport.KeyholdTestProperties;
import io.keyhold.server.testsupport.KmsClients;
import io.keyhold.server.testsupport.UncheckedXksProxies;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.XksProxyConnectivityType;

/**
 * One Keyhold on a fresh PostgreSQL database for the KMS key integration tests, shared by their
 * classes (same configuration, so Spring starts it once). Stores are created and connected
 * through the KMS API with the AWS SDK, as a client would; keys are driven through the command
 * and query gateways, where the front end will send them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(UncheckedXksProxies.class)
abstract class KmsKeyIntegrationTest {

    static final Path DATA_DIR = tempDir();
    private static final String KMSUSER_PASSWORD = "kmsuser-password";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Map<KeyAccount, KmsClient> CLIENTS = new ConcurrentHashMap<>();

    @DynamicPropertySource
    static void keyhold(DynamicPropertyRegistry registry) {
        KeyholdTestProperties.isolated(registry, DATA_DIR);
        KeyholdTestProperties.defaultCredential(registry);
        for (KeyAccount account : KeyAccount.values()) {
            KeyholdTestProperties.credential(registry, account.ordinal() + 1, account.accessKeyId(),
                    account.accountId());
            registry.add("keyhold.clusters[" + account.clusterId() + "].initial-kms-user-password", () -> KMSUSER_PASSWORD);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    CommandGateway commands;

    @Autowired
    QueryGateway queries;

    @Autowired
    JdbcTemplate jdbc;

    @AfterAll
    static void closeClients() {
        CLIENTS.values().forEach(KmsClient::close);
        CLIENTS.clear();
    }

    KmsClient kms(KeyAccount account) {
        return CLIENTS.computeIfAbsent(account, a -> KmsClients.forPort(port, a.accessKeyId()));
    }

    // ---- stores, through the KMS API

    /** The account's CloudHSM store on its own cluster, CONNECTED. */
    String connectedStore(KeyAccount account) {
        String storeId = kms(account).createCustomKeyStore(r -> r.customKeyStoreName("keys-" + account.name().toLowerCase())
                .cloudHsmClusterId(account.clusterId())
                .trustAnchorCertificate(trustAnchor(account.clusterId()))
                .keyStorePassword(KMSUSER_PASSWORD)).customKeyStoreId();
        connect(account, storeId);
        return storeId;
    }

    /** An external key store that is never connected: the command side does not ask for the connection. */
    String externalStore(KeyAccount account) {
        return kms(account).createCustomKeyStore(r -> r.customKeyStoreName("external-keys")
                .customKeyStoreType("EXTERNAL_KEY_STORE")
                .xksProxyConnectivity(XksProxyConnectivityType.PUBLIC_ENDPOINT)
                .xksProxyUriEndpoint("https://keys.xks.example.com")
                .xksProxyUriPath("/kms/xks/v1")
                .xksProxyAuthenticationCredential(c -> c.accessKeyId("XKSPROXYACCESSKEYID2")
                        .rawSecretAccessKey("dGhpcy1pcy10aGUteGtzLXByb3h5LXNlY3JldC1rZXk=")))
                .customKeyStoreId();
    }

    void connect(KeyAccount account, String storeId) {
        kms(account).connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        ConnectionStateType state = await().atMost(CONNECT_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> connectionState(account, storeId), s -> s != ConnectionStateType.CONNECTING);
        assertThat(state).as("state of %s after connecting", storeId).isEqualTo(ConnectionStateType.CONNECTED);
    }

    void disconnect(KeyAccount account, String storeId) {
        kms(account).disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
    }

    private ConnectionStateType connectionState(KeyAccount account, String storeId) {
        return kms(account).describeCustomKeyStores(r -> r.customKeyStoreId(storeId)).customKeyStores().get(0)
                .connectionState();
    }

    private static String trustAnchor(String clusterId) {
        try {
            return Files.readString(DATA_DIR.resolve("clusters").resolve(clusterId).resolve("customerCA.crt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- keys, through the gateways

    /** A key as the front end records it once the HSM key exists: origin AWS_CLOUDHSM, no Keyhold-held material. */
    String createKey(KeyAccount account, String storeId) {
        String keyId = UUID.randomUUID().toString();
        commands.sendAndWait(new CreateKmsKeyCommand(keyId, account.keyArn(keyId), account.accountId(), storeId,
                CustomKeyStoreType.AWS_CLOUDHSM, KeyOrigin.AWS_CLOUDHSM, account.clusterId(), null,
                "key " + keyId, null, null));
        return keyId;
    }

    KmsKeyView find(KeyAccount caller, String identifier) {
        return query(new FindKmsKeyQuery(caller.accountId(), identifier), KmsKeyView.class);
    }

    <R> R query(Object query, Class<R> responseType) {
        try {
            return queries.query(query, responseType).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Runs {@code call}, expects a KMS error of exactly {@code type} somewhere in its causes, and returns it. */
    static <E extends KmsException> E expectKmsError(Class<E> type, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected %s", type.getSimpleName()).isNotNull();
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        throw new AssertionError("expected " + type.getSimpleName() + " but got " + thrown, thrown);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("keyhold-keys");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
