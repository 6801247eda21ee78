package io.keyhold.xksproxy.config;

import io.keyhold.xksproxy.config.XksProxyProperties.BackendType;
import io.keyhold.xksproxy.config.XksProxyProperties.Credential;
import io.keyhold.xksproxy.config.XksProxyProperties.KeyDefinition;
import io.keyhold.xksproxy.config.XksProxyProperties.Store;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rejects a configuration KMS could not work with, naming every problem at once. Messages never quote
 * secrets.
 */
public final class ConfigurationCheck {

    /** XKS spec minimums a proxy must serve. */
    public static final int MIN_PLAINTEXT_BYTES = 4300;
    public static final int MIN_AAD_BYTES = 8192;

    /** MODEL XksProxyAuthenticationCredential: AccessKeyId and RawSecretAccessKey. */
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z2-7]{20,30}");
    private static final Pattern SECRET_ACCESS_KEY = Pattern.compile("[A-Za-z0-9/+=]{43,64}");
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    /** XksProxyUriPath is {@code [/<prefix>]/kms/xks/v1}, at most 128 characters of {@code a-zA-Z0-9/_-}. */
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9_-]+)*");
    private static final int MAX_PREFIX_CHARS = 128 - "/kms/xks/v1".length();
    private static final int MAX_EKMS = 10;

    private final List<String> problems = new ArrayList<>();

    private ConfigurationCheck() {
    }

    public static void requireValid(XksProxyProperties properties) {
        ConfigurationCheck check = new ConfigurationCheck();
        check.check(properties);
        if (!check.problems.isEmpty()) {
            throw new IllegalStateException("Invalid xks-proxy configuration:\n  - " + String.join("\n  - ", check.problems));
        }
    }

    private void check(XksProxyProperties p) {
        require(p.region() != null && !p.region().isBlank(), "region must be set (the AWS region KMS calls from)");
        require(p.listen().port() >= 0 && p.listen().port() <= 65535, "listen.port must be 0-65535");
        require(p.listen().threads() >= 1, "listen.threads must be at least 1");
        require(p.limits().maxPlaintextBytes() >= MIN_PLAINTEXT_BYTES,
                "limits.max-plaintext-bytes must be at least " + MIN_PLAINTEXT_BYTES + " (XKS spec minimum)");
        require(p.limits().maxAadBytes() >= MIN_AAD_BYTES,
                "limits.max-aad-bytes must be at least " + MIN_AAD_BYTES + " (XKS spec minimum)");
        require(p.limits().maxAadBytes() <= 0xFFFF, "limits.max-aad-bytes must fit the AAD recipe's 16-bit length (65535)");
        checkTls(p.tls());
        checkBackend(p.backend());
        checkHealth(p.health(), p.keys());
        checkKeys(p.keys(), p.backend().type());
        checkStores(p.stores(), p.keys());
    }

    private void checkTls(XksProxyProperties.Tls tls) {
        if (!tls.enabled()) {
            // Plain HTTP: the other TLS settings are not used, but silently dropping client authentication is not on.
            require(!tls.mtls().enabled(), "tls.mtls.enabled needs TLS: it cannot go with tls.enabled: false");
            return;
        }
        require(tls.exportCaCertificate() == null || tls.certificateChain() == null,
                "tls.export-ca-certificate copies the local CA's certificate, which tls.certificate-chain replaces");
        require((tls.certificateChain() == null) == (tls.privateKey() == null),
                "tls.certificate-chain and tls.private-key go together");
        require(tls.certificateChain() != null || !tls.dnsNames().isEmpty() || !tls.ipAddresses().isEmpty(),
                "tls.dns-names must name the proxy's host (XksProxyUriEndpoint) for the generated certificate");
        if (tls.mtls().enabled()) {
            require(tls.mtls().clientCa() != null && Files.isReadable(tls.mtls().clientCa()),
                    "tls.mtls.client-ca must be a readable PEM file with the CA(s) of client certificates");
            require(!tls.mtls().clientNames().isEmpty(),
                    "tls.mtls.client-names must list the expected client DNS name / CN (e.g. cks.kms.us-east-1.amazonaws.com)");
        }
    }

    private void checkBackend(XksProxyProperties.Backend backend) {
        if (backend.type() == BackendType.SOFTWARE) {
            require(backend.software().password() != null && !backend.software().password().isEmpty(),
                    "backend.software.password must be set (it protects the PKCS#12 key store)");
        } else {
            XksProxyProperties.Pkcs11 pkcs11 = backend.pkcs11();
            require(pkcs11.tokenLabel() != null || pkcs11.slot() != null, "backend.pkcs11.token-label must be set");
            require(pkcs11.pin() != null && !pkcs11.pin().isEmpty(), "backend.pkcs11.pin must be set");
            require(Files.isReadable(pkcs11.library()), "backend.pkcs11.library " + pkcs11.library() + " is not readable");
        }
    }

    private void checkHealth(XksProxyProperties.Health health, List<KeyDefinition> keys) {
        require(health.fleetSize() >= 1, "health.fleet-size must be at least 1");
        require(notBlank(health.proxyVendor()) && notBlank(health.proxyModel()) && notBlank(health.ekmVendor()),
                "health.proxy-vendor, health.proxy-model and health.ekm-vendor must not be blank");
        require(!health.ekms().isEmpty() && health.ekms().size() <= MAX_EKMS, "health.ekms must have 1 to 10 entries");
        health.ekms().forEach(ekm -> require(notBlank(ekm.id()) && notBlank(ekm.model()),
                "every health.ekms entry needs an id and a model"));
        require(KEY_ID.matcher(health.testKeyId()).matches(), "health.test-key-id is not a valid key id");
        require(keys.stream().noneMatch(k -> health.testKeyId().equals(k.id())),
                "health.test-key-id must be a dedicated key, not one of the keys served to KMS");
    }

    private void checkKeys(List<KeyDefinition> keys, BackendType backendType) {
        Set<String> ids = new HashSet<>();
        Map<String, String> idsByLowerCase = new HashMap<>();
        for (KeyDefinition key : keys) {
            if (key.id() == null || !KEY_ID.matcher(key.id()).matches()) {
                problems.add("key id '" + key.id() + "' must be 1-128 characters of A-Z a-z 0-9 . _ -");
                continue;
            }
            require(ids.add(key.id()), "key id '" + key.id() + "' is defined twice");
            String sameButCase = idsByLowerCase.putIfAbsent(key.id().toLowerCase(Locale.ROOT), key.id());
            // PKCS#12 aliases are case-insensitive.
            require(backendType != BackendType.SOFTWARE || sameButCase == null || sameButCase.equals(key.id()),
                    "key ids '" + sameButCase + "' and '" + key.id()
                            + "' differ only in case, which the software key store cannot hold apart");
        }
    }

    private void checkStores(List<Store> stores, List<KeyDefinition> keys) {
        require(!stores.isEmpty(), "at least one entry in stores is needed");
        Set<String> keyIds = new HashSet<>();
        keys.forEach(k -> keyIds.add(k.id()));
        Set<String> prefixes = new HashSet<>();
        Set<String> accessKeyIds = new HashSet<>();
        for (Store store : stores) {
            String prefix = store.prefix();
            String name = "store '" + prefix + "'";
            require(PREFIX.matcher(prefix).matches() && prefix.length() <= MAX_PREFIX_CHARS,
                    name + ": prefix must be empty or /-separated segments of A-Z a-z 0-9 _ -, at most "
                            + MAX_PREFIX_CHARS + " characters");
            require(prefixes.add(prefix), name + ": prefix is used twice");
            require(!store.credentials().isEmpty(), name + ": needs at least one credential");
            for (Credential credential : store.credentials()) {
                String id = credential.accessKeyId();
                require(id != null && ACCESS_KEY_ID.matcher(id).matches(),
                        name + ": access-key-id '" + id + "' must be 20-30 characters of A-Z 2-7");
                require(id == null || accessKeyIds.add(id),
                        name + ": access-key-id '" + id + "' is already used (each id belongs to one store)");
                require(credential.secretAccessKey() != null
                        && SECRET_ACCESS_KEY.matcher(credential.secretAccessKey()).matches(),
                        name + ": the secret-access-key of '" + id + "' must be 43-64 characters of A-Z a-z 0-9 / + =");
            }
            store.keys().forEach(k -> require(keyIds.contains(k), name + ": key '" + k + "' is not defined under keys"));
            store.allowedPrincipals().forEach(p -> require(notBlank(p), name + ": allowed-principals entries must not be blank"));
            require(!store.addedLatency().isNegative(), name + ": added-latency must not be negative");
            if (store.throttle() != null) {
                require(store.throttle().requestsPerSecond() > 0 && store.throttle().burst() >= 1,
                        name + ": throttle needs requests-per-second > 0 and burst >= 1");
            }
        }
    }

    private void require(boolean condition, String problem) {
        if (!condition) {
            problems.add(problem);
        }
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }
}
