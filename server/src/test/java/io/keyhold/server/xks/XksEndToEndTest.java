package io.keyhold.server.xks;

import static org.awaitility.Awaitility.await;

import io.keyhold.server.testsupport.EventHistory;
import io.keyhold.server.testsupport.EventReplayProbe;
import io.keyhold.server.testsupport.KeyholdTestProperties;
import io.keyhold.server.testsupport.XksProxyProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.XksProxyConnectivityType;

/**
 * The server every XKS end-to-end test class talks to, and Keyhold's own XKS proxy running as
 * separate processes over real TLS and SigV4. The proxies live as long as the Spring context the
 * subclasses share (both end with the JVM), so one class must not stop a proxy another one uses.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "keyhold.xks.timeout=3s",
        "keyhold.xks.health-check-interval=1s",
        EventReplayProbe.TRACKING})
@Import(EventHistory.class)
abstract class XksEndToEndTest {

    static final String HEALTHY_HOST = "xks.keyhold.test";
    static final String DOWN_HOST = "down.keyhold.test";
    static final String CHECKED_HOST = "checked.keyhold.test";
    static final String VANISHING_HOST = "vanishing.keyhold.test";
    /** Public endpoints of the key tests, all served by {@link #HEALTHY} (its certificate names *.xks.keyhold.test). */
    static final String KEYS_HOST = "keys." + HEALTHY_HOST;
    static final String TWIN_HOST = "twin." + HEALTHY_HOST;
    static final String PATH = XksProxyProcess.PREFIX + "/kms/xks/v1";
    static final String SLOW_PATH = XksProxyProcess.SLOW_PREFIX + "/kms/xks/v1";
    static final String WRONG_SECRET = "d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldC13cm9uZy1zZWNyZXQ=";
    static final String SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-";

    static final XksProxyProcess HEALTHY = XksProxyProcess.start("ACTIVE", HEALTHY_HOST, "*." + HEALTHY_HOST);
    static final XksProxyProcess DOWN = XksProxyProcess.start("UNAVAILABLE", DOWN_HOST);
    /** Stopped by the health check test. */
    static final XksProxyProcess CHECKED = XksProxyProcess.start("ACTIVE", CHECKED_HOST);
    /** Stopped by the key test about a proxy that goes away. */
    static final XksProxyProcess VANISHING = XksProxyProcess.start("ACTIVE", VANISHING_HOST);

    @DynamicPropertySource
    static void keyhold(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("keyhold-xks-e2e");
        KeyholdTestProperties.isolated(registry, dataDir);
        Path trusted = dataDir.resolve("xks-ca.pem");
        Files.writeString(trusted, Stream.of(HEALTHY, DOWN, CHECKED, VANISHING)
                .map(proxy -> read(proxy.caCertificate())).collect(Collectors.joining()));
        registry.add("keyhold.xks.trusted-ca-file", trusted::toString);
        String nothing = "127.0.0.1:" + XksProxyProcess.freePort();
        for (String healthyHost : List.of(HEALTHY_HOST, "updated." + HEALTHY_HOST, "other-name.keyhold.test", KEYS_HOST,
                TWIN_HOST)) {
            override(registry, healthyHost, HEALTHY.address());
        }
        override(registry, "nothing.keyhold.test", nothing);
        override(registry, DOWN_HOST, DOWN.address());
        override(registry, CHECKED_HOST, CHECKED.address());
        override(registry, VANISHING_HOST, VANISHING.address());
        for (String healthyService : List.of("credential", "path", "name", "slow", "works", "recovers", "denied", "garbled")) {
            registry.add("keyhold.xks.vpc-endpoint-services[" + SERVICE + healthyService + "]", HEALTHY::address);
        }
        registry.add("keyhold.xks.vpc-endpoint-services[" + SERVICE + "nothing]", () -> nothing);
        registry.add("keyhold.xks.vpc-endpoint-services[" + SERVICE + "down]", DOWN::address);
        KeyholdTestProperties.defaultCredential(registry);
        KeyholdTestProperties.credential(registry, 1, "AKIDXKSHEALTH", "111111111111");
        for (XksAccount account : XksAccount.values()) {
            KeyholdTestProperties.credential(registry, 2 + account.ordinal(), account.accessKeyId(),
                    account.accountId());
        }
    }

    private static void override(DynamicPropertyRegistry registry, String host, String address) {
        registry.add("keyhold.xks.endpoint-overrides[" + host + "]", () -> address);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    static CustomKeyStoresListEntry awaitOutcome(KmsClient kms, String id) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> describe(kms, id), store -> store.connectionState() != ConnectionStateType.CONNECTING);
    }

    static CustomKeyStoresListEntry describe(KmsClient kms, String id) {
        return kms.describeCustomKeyStores(r -> r.customKeyStoreId(id)).customKeyStores().get(0);
    }

    static String createPublic(KmsClient kms, String name, String host, String path, String secret) {
        return create(kms, name, XksProxyConnectivityType.PUBLIC_ENDPOINT, host, path, null, XksProxyProcess.ACCESS_KEY_ID,
                secret);
    }

    static String createVpc(KmsClient kms, String name, String host, String path, String service, String secret) {
        return create(kms, name, XksProxyConnectivityType.VPC_ENDPOINT_SERVICE, host, path, service,
                XksProxyProcess.ACCESS_KEY_ID, secret);
    }

    static String create(KmsClient kms, String name, XksProxyConnectivityType connectivity, String host, String path,
                         String service, String accessKeyId, String secret) {
        return kms.createCustomKeyStore(r -> r.customKeyStoreName(name)
                .customKeyStoreType(CustomKeyStoreType.EXTERNAL_KEY_STORE)
                .xksProxyConnectivity(connectivity)
                .xksProxyUriEndpoint("https://" + host)
                .xksProxyUriPath(path)
                .xksProxyVpcEndpointServiceName(service)
                .xksProxyAuthenticationCredential(c -> c.accessKeyId(accessKeyId).rawSecretAccessKey(secret)))
                .customKeyStoreId();
    }
}
