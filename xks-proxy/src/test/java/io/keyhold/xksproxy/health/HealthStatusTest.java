package io.keyhold.xksproxy.health;

import static io.keyhold.xksproxy.support.TestConfigs.ACCESS_KEY_ID;
import static io.keyhold.xksproxy.support.TestConfigs.PREFIX;
import static io.keyhold.xksproxy.support.TestConfigs.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyhold.xksproxy.support.Bodies;
import io.keyhold.xksproxy.support.RunningProxy;
import io.keyhold.xksproxy.support.Signing;
import io.keyhold.xksproxy.support.TestConfigs;
import io.keyhold.xksproxy.support.XksClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The EKM statuses in the health response are configurable, so that KMS's DEGRADED and UNAVAILABLE paths can be tested. */
class HealthStatusTest {

    @TempDir
    Path dir;

    @Test
    void configuredUnavailableEkmsAreReportedUnavailable() throws Exception {
        JsonNode health = healthWith("""
                    ekms:
                      - {id: hsm-1, model: Luna 7.0, status: UNAVAILABLE}
                      - {id: hsm-2, model: Luna 7.1, status: UNAVAILABLE}
                """);
        assertThat(health.get("ekmFleetDetails").findValuesAsText("healthStatus")).containsExactly("UNAVAILABLE", "UNAVAILABLE");
        assertThat(health.get("ekmFleetDetails").findValuesAsText("id")).containsExactly("hsm-1", "hsm-2");
    }

    @Test
    void vendorModelAndFleetAreReportedAsConfigured() throws Exception {
        JsonNode health = healthWith("""
                    fleet-size: 3
                    proxy-vendor: Acme Corp
                    proxy-model: Acme XKS Proxy 1.0
                    ekm-vendor: Thales Group
                    ekms:
                      - {id: hsm-id-1, model: Luna 5.0, status: DEGRADED}
                      - {id: hsm-id-2, model: Luna 5.1, status: ACTIVE}
                """);
        assertThat(health.get("xksProxyFleetSize").asInt()).isEqualTo(3);
        assertThat(health.get("xksProxyVendor").asText()).isEqualTo("Acme Corp");
        assertThat(health.get("xksProxyModel").asText()).isEqualTo("Acme XKS Proxy 1.0");
        assertThat(health.get("ekmVendor").asText()).isEqualTo("Thales Group");
        assertThat(health.get("ekmFleetDetails").toString()).isEqualTo("[{\"id\":\"hsm-id-1\",\"model\":\"Luna 5.0\","
                + "\"healthStatus\":\"DEGRADED\"},{\"id\":\"hsm-id-2\",\"model\":\"Luna 5.1\",\"healthStatus\":\"ACTIVE\"}]");
    }

    @Test
    void tenExternalKeyManagersAreReported() throws Exception {
        List<String> entries = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            entries.add("      - {id: hsm-" + i + ", model: m, status: ACTIVE}\n");
        }
        JsonNode health = healthWith("    ekms:\n" + String.join("", entries));
        assertThat(health.get("ekmFleetDetails")).hasSize(10);
    }

    private JsonNode healthWith(String healthSection) throws Exception {
        try (RunningProxy proxy = RunningProxy.start(dir, TestConfigs.base(dir) + TestConfigs.softwareBackend(dir)
                + "  health:\n" + healthSection + TestConfigs.complianceKeys() + TestConfigs.complianceStores())) {
            XksClient.Response response = XksClient.trusting(proxy.caCertificate())
                    .post(proxy.url(PREFIX + "/kms/xks/v1/health"), Bodies.health(), Signing.kms(ACCESS_KEY_ID, SECRET));
            assertThat(response.status()).isEqualTo(200);
            return response.json();
        }
    }
}
