package io.keyhold.xksproxy.health;

import io.keyhold.xksproxy.api.XksResponse;
import io.keyhold.xksproxy.backend.AesGcm;
import io.keyhold.xksproxy.backend.BackendKey;
import io.keyhold.xksproxy.backend.KeyBackend;
import io.keyhold.xksproxy.config.XksProxyProperties;
import io.keyhold.xksproxy.config.XksProxyProperties.EkmHealthStatus;
import io.keyhold.xksproxy.crypto.GcmCiphertext;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deep health check: an AES-GCM round trip with a dedicated test key (never a key bound to a KMS key).
 * When it works each EKM reports its configured status, so that DEGRADED and UNAVAILABLE can be staged;
 * when it fails every EKM reports UNAVAILABLE.
 */
public final class HealthCheck {

    private static final Logger log = LoggerFactory.getLogger(HealthCheck.class);
    private static final int PROBE_BYTES = 32;

    private final XksProxyProperties.Health config;
    private final KeyBackend backend;
    private final AesGcm gcm;
    private final SecureRandom random;

    public HealthCheck(XksProxyProperties.Health config, KeyBackend backend, AesGcm gcm, SecureRandom random) {
        this.config = config;
        this.backend = backend;
        this.gcm = gcm;
        this.random = random;
    }

    public XksResponse.HealthStatus report() {
        boolean backendServes = roundTripWorks();
        List<XksResponse.EkmFleetDetail> ekms = config.ekms().stream()
                .map(ekm -> new XksResponse.EkmFleetDetail(ekm.id(), ekm.model(),
                        (backendServes ? ekm.status() : EkmHealthStatus.UNAVAILABLE).name()))
                .toList();
        return new XksResponse.HealthStatus(config.fleetSize(), config.proxyVendor(), config.proxyModel(),
                config.ekmVendor(), ekms);
    }

    private boolean roundTripWorks() {
        try {
            Optional<BackendKey> testKey = backend.findKey(config.testKeyId());
            if (testKey.isEmpty()) {
                log.warn("Health check: test key '{}' is missing from the {}", config.testKeyId(), backend.description());
                return false;
            }
            byte[] probe = new byte[PROBE_BYTES];
            byte[] aad = new byte[PROBE_BYTES];
            random.nextBytes(probe);
            random.nextBytes(aad);
            GcmCiphertext sealed = gcm.encrypt(testKey.get(), aad, probe);
            return MessageDigest.isEqual(probe, gcm.decrypt(testKey.get(), aad, sealed));
        } catch (RuntimeException e) {
            log.warn("Health check: AES-GCM round trip with test key '{}' failed in the {}", config.testKeyId(),
                    backend.description(), e);
            return false;
        }
    }
}
