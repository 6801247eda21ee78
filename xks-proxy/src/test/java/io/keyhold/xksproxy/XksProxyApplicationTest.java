package io.keyhold.xksproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XksProxyApplicationTest {

    @Test
    void theConfigOptionNamesTheOnlyConfigurationFile() {
        assertThat(XksProxyApplication.withConfigLocation(new String[] {"--config=/etc/xks/proxy.yaml"}))
                .containsExactly("--spring.config.location=file:/etc/xks/proxy.yaml");
        assertThat(XksProxyApplication.withConfigLocation(new String[] {"--config", "proxy.yaml", "--debug"}))
                .containsExactly("--debug", "--spring.config.location=file:proxy.yaml");
    }

    @Test
    void withoutTheOptionTheFileInTheWorkingDirectoryIsRead() {
        assertThat(XksProxyApplication.withConfigLocation(new String[0]))
                .containsExactly("--spring.config.location=file:xks-proxy.yaml");
    }

    @Test
    void aMissingConfigurationFileStopsTheStart(@TempDir Path dir) {
        assertThatThrownBy(() -> XksProxyApplication.start("--config=" + dir.resolve("absent.yaml")))
                .hasStackTraceContaining("absent.yaml");
    }
}
