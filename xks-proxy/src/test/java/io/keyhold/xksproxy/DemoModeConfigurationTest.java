package io.keyhold.xksproxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyhold.xksproxy.config.ConfigurationCheck;
import io.keyhold.xksproxy.config.XksProxyProperties;
import io.keyhold.xksproxy.support.Yaml;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;

/** Demo mode is a configuration like any other: the one this file would bind to. */
class DemoModeConfigurationTest {

    @Test
    void demoModeIsTheConfigurationAFileWithTheDemoValuesBindsTo(@TempDir Path dir) {
        XksProxyProperties fromYaml = Yaml.bind("""
                xks-proxy:
                  listen: {address: 127.0.0.1, port: 18443, threads: 8}
                  region: us-east-1
                  tls:
                    directory: %1$s/tls
                    dns-names: [localhost]
                    ip-addresses: [127.0.0.1]
                    export-ca-certificate: %1$s/ca.crt
                  backend:
                    type: software
                    software: {keystore: %1$s/xks-proxy-keys.p12, password: keyhold-demo-keystore}
                  keys:
                    - id: demo-key
                    - id: demo-encrypt-only
                      usage: [ENCRYPT]
                    - id: demo-decrypt-only
                      usage: [DECRYPT]
                    - id: demo-neither
                      usage: []
                    - id: demo-disabled
                      enabled: false
                  stores:
                    - prefix: /keyhold/demo
                      credentials:
                        - access-key-id: DEMOXKSACCESSKEY234567
                          secret-access-key: keyholdDemoXksSecretAccessKey0123456789abcdef
                      keys: [demo-key, demo-encrypt-only, demo-decrypt-only, demo-neither, demo-disabled]
                """.formatted(dir));
        assertThat(DemoMode.properties(18443, dir, false)).isEqualTo(fromYaml);
        ConfigurationCheck.requireValid(fromYaml);
    }

    @Test
    void plainHttpOnlyTurnsTlsOff(@TempDir Path dir) {
        XksProxyProperties https = DemoMode.properties(18443, dir, false);
        XksProxyProperties http = DemoMode.properties(18443, dir, true);
        assertThat(http.tls().enabled()).isFalse();
        assertThat(https.tls().enabled()).isTrue();
        assertThat(http.stores()).isEqualTo(https.stores());
        assertThat(http.keys()).isEqualTo(https.keys());
        assertThat(http.listen()).isEqualTo(https.listen());
        ConfigurationCheck.requireValid(http);
    }

    @Test
    void theExampleConfigurationBindsAndIsValid() {
        XksProxyProperties example = Yaml.bind(new ClassPathResource("xks-proxy.example.yaml"));
        ConfigurationCheck.requireValid(example);
        assertThat(example.stores()).hasSize(1);
        assertThat(example.stores().get(0).fault()).isEqualTo(XksProxyProperties.Fault.NONE);
        assertThat(example.tls().enabled()).isTrue();
    }
}
