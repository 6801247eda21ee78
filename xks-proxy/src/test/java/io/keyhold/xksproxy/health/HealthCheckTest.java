package io.keyhold.xksproxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyhold.xksproxy.api.XksResponse;
import io.keyhold.xksproxy.backend.AesGcm;
import io.keyhold.xksproxy.backend.BackendKey;
import io.keyhold.xksproxy.backend.KeyBackend;
import io.keyhold.xksproxy.config.XksProxyProperties;
import io.keyhold.xksproxy.config.XksProxyProperties.EkmHealthStatus;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import org.junit.jupiter.api.Test;

/** The deep check: configured statuses while the backend round-trips with the test key, UNAVAILABLE otherwise. */
class HealthCheckTest {

    static final XksProxyProperties.Health CONFIG = new XksProxyProperties.Health(null, null, null, null, "probe", List.of(
            new XksProxyProperties.Ekm("hsm-1", "m", EkmHealthStatus.ACTIVE),
            new XksProxyProperties.Ekm("hsm-2", "m", EkmHealthStatus.DEGRADED)));

    @Test
    void aWorkingBackendReportsTheConfiguredStatuses() throws Exception {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        BackendKey probe = new BackendKey("probe", generator.generateKey(), 256);
        assertThat(statuses(backend(Optional.of(probe), false))).containsExactly("ACTIVE", "DEGRADED");
    }

    @Test
    void aMissingTestKeyMakesEveryEkmUnavailable() {
        assertThat(statuses(backend(Optional.empty(), false))).containsExactly("UNAVAILABLE", "UNAVAILABLE");
    }

    @Test
    void aFailingBackendMakesEveryEkmUnavailable() throws Exception {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256);
        BackendKey probe = new BackendKey("probe", generator.generateKey(), 256);
        assertThat(statuses(backend(Optional.of(probe), true))).containsExactly("UNAVAILABLE", "UNAVAILABLE");
    }

    private static List<String> statuses(KeyBackend backend) {
        XksResponse.HealthStatus report = new HealthCheck(CONFIG, backend, new AesGcm(backend, new SecureRandom()),
                new SecureRandom()).report();
        return report.ekmFleetDetails().stream().map(XksResponse.EkmFleetDetail::healthStatus).toList();
    }

    private static KeyBackend backend(Optional<BackendKey> testKey, boolean broken) {
        return new KeyBackend() {
            @Override
            public Optional<BackendKey> findKey(String keyId) {
                return testKey;
            }

            @Override
            public Cipher newGcmCipher() throws GeneralSecurityException {
                if (broken) {
                    throw new GeneralSecurityException("device error");
                }
                return Cipher.getInstance("AES/GCM/NoPadding");
            }

            @Override
            public String description() {
                return "test backend";
            }
        };
    }
}
