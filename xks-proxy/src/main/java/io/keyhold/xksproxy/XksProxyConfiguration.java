package io.keyhold.xksproxy;

import io.keyhold.xksproxy.api.XksOperations;
import io.keyhold.xksproxy.api.XksRequestParser;
import io.keyhold.xksproxy.auth.SigV4Verifier;
import io.keyhold.xksproxy.backend.AesGcm;
import io.keyhold.xksproxy.backend.KeyBackend;
import io.keyhold.xksproxy.backend.Pkcs11KeyBackend;
import io.keyhold.xksproxy.backend.SoftwareKeyBackend;
import io.keyhold.xksproxy.config.ConfigurationCheck;
import io.keyhold.xksproxy.config.XksProxyProperties;
import io.keyhold.xksproxy.config.XksProxyProperties.BackendType;
import io.keyhold.xksproxy.config.XksProxyProperties.Credential;
import io.keyhold.xksproxy.health.HealthCheck;
import io.keyhold.xksproxy.server.Router;
import io.keyhold.xksproxy.server.XksHttpServer;
import io.keyhold.xksproxy.server.XksRequestHandler;
import io.keyhold.xksproxy.store.KeyPolicy;
import io.keyhold.xksproxy.store.LogicalStore;
import io.keyhold.xksproxy.store.StoreDirectory;
import io.keyhold.xksproxy.store.TokenBucket;
import io.keyhold.xksproxy.tls.ServerTls;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the proxy from its validated configuration. */
@Configuration(proxyBeanMethods = false)
public class XksProxyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(XksProxyConfiguration.class);

    private final XksProxyProperties properties;

    public XksProxyConfiguration(XksProxyProperties properties) {
        ConfigurationCheck.requireValid(properties);
        this.properties = properties;
    }

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    StoreDirectory storeDirectory() {
        List<LogicalStore> stores = properties.stores().stream()
                .map(store -> new LogicalStore(store.prefix(), store.enabled(),
                        store.credentials().stream().collect(Collectors.toMap(Credential::accessKeyId,
                                Credential::secretAccessKey)),
                        Set.copyOf(store.keys()), store.allowedPrincipals(), store.addedLatency(),
                        store.throttle() == null ? null
                                : new TokenBucket(store.throttle().requestsPerSecond(), store.throttle().burst()),
                        store.fault()))
                .toList();
        List<KeyPolicy> policies = properties.keys().stream()
                .map(key -> new KeyPolicy(key.id(), key.usage().isEmpty() ? EnumSet.noneOf(XksProxyProperties.KeyUsage.class)
                        : EnumSet.copyOf(key.usage()), key.enabled()))
                .toList();
        return new StoreDirectory(stores, policies);
    }

    @Bean
    KeyBackend keyBackend(SecureRandom random) {
        Set<String> keyIds = new LinkedHashSet<>();
        properties.keys().forEach(key -> keyIds.add(key.id()));
        keyIds.add(properties.health().testKeyId());
        XksProxyProperties.Backend backend = properties.backend();
        KeyBackend keyBackend = backend.type() == BackendType.SOFTWARE
                ? SoftwareKeyBackend.openOrCreate(backend.software().keystore(),
                        backend.software().password().toCharArray(), keyIds, random)
                : Pkcs11KeyBackend.open(backend.pkcs11(), keyIds);
        log.info("External keys are held in the {}", keyBackend.description());
        return keyBackend;
    }

    @Bean
    AesGcm aesGcm(KeyBackend keyBackend, SecureRandom random) {
        return new AesGcm(keyBackend, random);
    }

    @Bean
    HealthCheck healthCheck(KeyBackend keyBackend, AesGcm aesGcm, SecureRandom random) {
        return new HealthCheck(properties.health(), keyBackend, aesGcm, random);
    }

    @Bean
    XksOperations xksOperations(StoreDirectory directory, KeyBackend keyBackend, AesGcm aesGcm, HealthCheck healthCheck) {
        return new XksOperations(directory, keyBackend, aesGcm, healthCheck);
    }

    @Bean
    XksRequestHandler xksRequestHandler(StoreDirectory directory, XksOperations operations, Clock clock) {
        XksProxyProperties.Limits limits = properties.limits();
        return new XksRequestHandler(new Router(directory),
                new SigV4Verifier(properties.region(), "kms-xks-proxy", clock),
                new XksRequestParser(limits.maxPlaintextBytes(), limits.maxAadBytes()), operations,
                limits.maxPlaintextBytes(), limits.maxAadBytes());
    }

    /** Plain HTTP when {@code tls.enabled} is false: then no TLS material is read or made. */
    @Bean
    XksHttpServer xksHttpServer(Clock clock, SecureRandom random, XksRequestHandler handler) {
        ServerTls serverTls = properties.tls().enabled() ? ServerTls.create(properties.tls(), clock, random) : null;
        List<String> prefixes = new ArrayList<>();
        properties.stores().forEach(store -> prefixes.add(store.prefix() + "/kms/xks/v1"));
        log.info("Serving XksProxyUriPath {} in region {}", prefixes, properties.region());
        properties.stores().stream().filter(store -> store.fault() != XksProxyProperties.Fault.NONE).forEach(store ->
                log.warn("Fault injection: the store '{}' answers every authenticated request with {}",
                        store.prefix(), store.fault()));
        return new XksHttpServer(properties.listen(), serverTls, handler);
    }
}
