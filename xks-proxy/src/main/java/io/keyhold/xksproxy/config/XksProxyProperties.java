package io.keyhold.xksproxy.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The whole configuration file, bound from the {@code xks-proxy:} section. Defaults live here so that a
 * minimal file (one store, one key) starts on a fresh machine; {@link ConfigurationCheck} checks the values.
 */
@ConfigurationProperties("xks-proxy")
public record XksProxyProperties(
        Listen listen,
        String region,
        Tls tls,
        Limits limits,
        Backend backend,
        Health health,
        List<KeyDefinition> keys,
        List<Store> stores) {

    public XksProxyProperties {
        listen = listen != null ? listen : new Listen(null, null, null);
        region = region != null ? region : "us-east-1";
        tls = tls != null ? tls : new Tls(null, null, null, null, null, null, null, null);
        limits = limits != null ? limits : new Limits(null, null);
        backend = backend != null ? backend : new Backend(null, null, null);
        health = health != null ? health : new Health(null, null, null, null, null, null);
        keys = keys != null ? List.copyOf(keys) : List.of();
        stores = stores != null ? List.copyOf(stores) : List.of();
    }

    public record Listen(String address, Integer port, Integer threads) {
        public Listen {
            address = address != null ? address : "0.0.0.0";
            port = port != null ? port : 8443;
            threads = threads != null ? threads : 32;
        }
    }

    /**
     * Server TLS. Without {@code certificateChain}/{@code privateKey} the proxy runs its own local CA in
     * {@code directory} and issues itself a certificate for {@code dnsNames} (and {@code ipAddresses});
     * {@code exportCaCertificate}, if set, receives a copy of that CA's certificate on every start. With
     * {@code enabled: false} the proxy serves plain HTTP (for tests and demos only: KMS requires HTTPS).
     */
    public record Tls(
            Path directory,
            List<String> dnsNames,
            List<String> ipAddresses,
            Path certificateChain,
            Path privateKey,
            MutualTls mtls,
            Boolean enabled,
            Path exportCaCertificate) {
        public Tls {
            directory = directory != null ? directory : Path.of("xks-proxy-tls");
            dnsNames = dnsNames != null ? List.copyOf(dnsNames) : List.of("localhost");
            ipAddresses = ipAddresses != null ? List.copyOf(ipAddresses) : List.of();
            mtls = mtls != null ? mtls : new MutualTls(false, null, null);
            enabled = enabled != null ? enabled : Boolean.TRUE;
        }
    }

    /** Optional client-certificate authentication: chain to {@code clientCa} and carry one of {@code clientNames}. */
    public record MutualTls(boolean enabled, Path clientCa, List<String> clientNames) {
        public MutualTls {
            clientNames = clientNames != null ? List.copyOf(clientNames) : List.of();
        }
    }

    /** Largest decoded sizes served; larger inputs get 501. Must not be below the spec minimums (4300 / 8192). */
    public record Limits(Integer maxPlaintextBytes, Integer maxAadBytes) {
        public Limits {
            maxPlaintextBytes = maxPlaintextBytes != null ? maxPlaintextBytes : 8192;
            maxAadBytes = maxAadBytes != null ? maxAadBytes : 16384;
        }
    }

    public enum BackendType { SOFTWARE, PKCS11 }

    public record Backend(BackendType type, Software software, Pkcs11 pkcs11) {
        public Backend {
            type = type != null ? type : BackendType.SOFTWARE;
            software = software != null ? software : new Software(null, null);
            pkcs11 = pkcs11 != null ? pkcs11 : new Pkcs11(null, null, null, null, false);
        }
    }

    /** AES keys in a PKCS#12 file, generated on first start for every configured key id. */
    public record Software(Path keystore, String password) {
        public Software {
            keystore = keystore != null ? keystore : Path.of("xks-proxy-keys.p12");
        }

        @Override
        public String toString() {
            return "Software[keystore=" + keystore + ", password=****]";
        }
    }

    /** A PKCS#11 token reached through the JDK's SunPKCS11 provider; keys are found by CKA_LABEL. */
    public record Pkcs11(Path library, String tokenLabel, String pin, Long slot, boolean createMissingKeys) {
        public Pkcs11 {
            library = library != null ? library : Path.of("/usr/lib/softhsm/libsofthsm2.so");
        }

        @Override
        public String toString() {
            return "Pkcs11[library=" + library + ", tokenLabel=" + tokenLabel + ", pin=****, slot=" + slot
                    + ", createMissingKeys=" + createMissingKeys + "]";
        }
    }

    public enum EkmHealthStatus { ACTIVE, DEGRADED, UNAVAILABLE }

    public record Health(
            Integer fleetSize,
            String proxyVendor,
            String proxyModel,
            String ekmVendor,
            String testKeyId,
            List<Ekm> ekms) {
        public Health {
            fleetSize = fleetSize != null ? fleetSize : 1;
            proxyVendor = proxyVendor != null ? proxyVendor : "Keyhold";
            proxyModel = proxyModel != null ? proxyModel : "Keyhold XKS Proxy " + ProxyVersion.current();
            ekmVendor = ekmVendor != null ? ekmVendor : "Keyhold";
            testKeyId = testKeyId != null ? testKeyId : "keyhold-health-check";
            ekms = ekms != null ? List.copyOf(ekms)
                    : List.of(new Ekm("ekm-1", "Keyhold key backend", EkmHealthStatus.ACTIVE));
        }
    }

    public record Ekm(String id, String model, EkmHealthStatus status) {
        public Ekm {
            status = status != null ? status : EkmHealthStatus.ACTIVE;
        }
    }

    public enum KeyUsage { ENCRYPT, DECRYPT }

    public record KeyDefinition(String id, List<KeyUsage> usage, Boolean enabled) {
        public KeyDefinition {
            usage = usage != null ? List.copyOf(usage) : List.of(KeyUsage.ENCRYPT, KeyUsage.DECRYPT);
            enabled = enabled != null ? enabled : Boolean.TRUE;
        }
    }

    /**
     * One logical key store: the URI path prefix KMS is configured with (may be empty), its SigV4
     * credentials (several at once, for rotation), the external key ids it may use, an optional
     * allow-list of {@code awsPrincipalArn} patterns (secondary authorization), and fault injection
     * ({@code addedLatency}, {@code fault}).
     */
    public record Store(
            String prefix,
            Boolean enabled,
            List<Credential> credentials,
            List<String> keys,
            List<String> allowedPrincipals,
            Duration addedLatency,
            Throttle throttle,
            Fault fault) {
        public Store {
            prefix = prefix != null ? prefix : "";
            enabled = enabled != null ? enabled : Boolean.TRUE;
            credentials = credentials != null ? List.copyOf(credentials) : List.of();
            keys = keys != null ? List.copyOf(keys) : List.of();
            allowedPrincipals = allowedPrincipals != null ? List.copyOf(allowedPrincipals) : List.of();
            addedLatency = addedLatency != null ? addedLatency : Duration.ZERO;
            fault = fault != null ? fault : Fault.NONE;
        }
    }

    /**
     * Fault injection: how every request of a store is answered once its SigV4 signature has been verified,
     * health checks included (overriding the spec's exemptions), instead of being served.
     */
    public enum Fault {
        /** Serve requests normally. */
        NONE,
        /** 403 {@code AccessDeniedException}. */
        ACCESS_DENIED,
        /** 500 {@code InternalException}. */
        INTERNAL_ERROR,
        /** 429 {@code ThrottlingException}. */
        THROTTLING,
        /** 200 with a body that is not JSON. */
        MALFORMED_RESPONSE,
        /** 503 {@code DependencyTimeoutException}. */
        DEPENDENCY_TIMEOUT
    }

    public record Credential(String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "Credential[accessKeyId=" + accessKeyId + ", secretAccessKey=****]";
        }
    }

    /** Per-store request quota (token bucket); requests beyond it get 429 ThrottlingException. */
    public record Throttle(double requestsPerSecond, Integer burst) {
        public Throttle {
            burst = burst != null ? burst : Math.max(1, (int) Math.ceil(requestsPerSecond));
        }
    }
}
