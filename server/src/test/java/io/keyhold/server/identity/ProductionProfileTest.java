package io.keyhold.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyhold.server.KeyholdApplication;
import io.keyhold.server.config.KeyholdProperties;
import io.keyhold.server.testsupport.TestDatabases;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;

/** The production profile does not start while the published development identity could sign in. */
class ProductionProfileTest {

    @Test
    void theProductionProfileRefusesTheDevelopmentIdentity() throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--spring.profiles.active=production", "--server.port=0",
                "--keyhold.data-dir=" + Files.createTempDirectory("keyhold-production")));
        TestDatabases.freshDatabase().forEach((key, value) -> arguments.add("--" + key + "=" + value));

        assertThatThrownBy(() -> new SpringApplicationBuilder(KeyholdApplication.class).run(arguments.toArray(String[]::new)))
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The production profile refuses to start with the built-in development identity "
                        + "(access key 'test'): declare your own keyhold.credentials list.");
    }

    @Test
    void theProductionProfileAcceptsDeclaredIdentities() {
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("production");
        KeyholdProperties.Credential operator = new KeyholdProperties.Credential("AKIDOPERATOR", "operator-secret",
                "700000000001", "operator", null, null, null);
        KeyholdProperties properties = new KeyholdProperties("us-east-1", null, Path.of("data"), null, List.of(operator),
                Map.of(), Duration.ofSeconds(60), null);

        assertThat(new Identities(properties, production).find("AKIDOPERATOR")).contains(operator);
        assertThat(operator.toString()).doesNotContain("operator-secret");
    }
}
