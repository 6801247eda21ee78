package io.keyhold.xksproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LaunchOptionsTest {

    @Test
    void portAndDataDirectorySelectDemoMode() {
        LaunchOptions options = LaunchOptions.parse("--port=8443", "--data-dir=demo", "--logging.level.root=WARN");
        assertThat(options.config()).isNull();
        assertThat(options.demo()).isEqualTo(new LaunchOptions.Demo(8443, Path.of("demo").toAbsolutePath(), false));
        assertThat(options.springArgs()).containsExactly("--logging.level.root=WARN");
    }

    @Test
    void valuesMayAlsoFollowAsTheNextArgument() {
        LaunchOptions options = LaunchOptions.parse("--data-dir", "/var/demo", "--port", "0", "--plain-http");
        assertThat(options.demo()).isEqualTo(new LaunchOptions.Demo(0, Path.of("/var/demo"), true));
        assertThat(options.springArgs()).isEmpty();
    }

    @Test
    void plainHttpMayBeSpelledAsABoolean() {
        assertThat(LaunchOptions.parse("--port=1", "--data-dir=d", "--plain-http=true").demo().plainHttp()).isTrue();
        assertThat(LaunchOptions.parse("--port=1", "--data-dir=d", "--plain-http=false").demo().plainHttp()).isFalse();
    }

    @Test
    void withoutDemoOptionsTheConfigurationFileModeIsUnchanged() {
        assertThat(LaunchOptions.parse().demo()).isNull();
        LaunchOptions options = LaunchOptions.parse("--config=proxy.yaml", "--debug");
        assertThat(options.demo()).isNull();
        assertThat(options.config()).isEqualTo("proxy.yaml");
        assertThat(options.springArgs()).containsExactly("--debug");
    }

    @Test
    void demoOptionsDoNotGoWithAConfigurationFile() {
        assertThatThrownBy(() -> LaunchOptions.parse("--config=proxy.yaml", "--port=8443", "--data-dir=demo"))
                .isInstanceOf(LaunchOptions.UsageException.class)
                .hasMessageContaining("cannot go with --config")
                .hasMessageContaining("Usage:");
        assertThatThrownBy(() -> LaunchOptions.parse("--config=proxy.yaml", "--plain-http"))
                .isInstanceOf(LaunchOptions.UsageException.class);
    }

    @Test
    void demoModeNeedsBothPortAndDataDirectory() {
        assertThatThrownBy(() -> LaunchOptions.parse("--port=8443"))
                .isInstanceOf(LaunchOptions.UsageException.class).hasMessageContaining("--data-dir=DIR");
        assertThatThrownBy(() -> LaunchOptions.parse("--data-dir=demo"))
                .isInstanceOf(LaunchOptions.UsageException.class).hasMessageContaining("--port=N");
        assertThatThrownBy(() -> LaunchOptions.parse("--plain-http"))
                .isInstanceOf(LaunchOptions.UsageException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=-1", "--port=65536", "--port=https", "--port="})
    void aPortMustBeANumber(String port) {
        assertThatThrownBy(() -> LaunchOptions.parse(port, "--data-dir=demo"))
                .isInstanceOf(LaunchOptions.UsageException.class).hasMessageContaining("--port");
    }

    @Test
    void anOptionGivenTwiceIsRejected() {
        assertThatThrownBy(() -> LaunchOptions.parse("--port=1", "--port=2", "--data-dir=demo"))
                .isInstanceOf(LaunchOptions.UsageException.class).hasMessageContaining("twice");
    }

    @Test
    void aMissingValueIsRejected() {
        assertThatThrownBy(() -> LaunchOptions.parse("--data-dir=demo", "--port"))
                .isInstanceOf(LaunchOptions.UsageException.class).hasMessageContaining("--port needs a value");
    }
}
