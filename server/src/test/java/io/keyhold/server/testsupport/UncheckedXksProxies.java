package io.keyhold.server.testsupport;

import io.keyhold.connector.xks.XksProxyProbe;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * For tests about the key store lifecycle rather than about XKS proxies: external key stores are
 * created and updated without KMS's GetHealthStatus probe, so they may name proxies that do not
 * exist. Connecting them still goes through the real XKS client (and fails: nothing answers).
 * The proxy itself is tested end to end in {@code XksProxyEndToEndTest}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class UncheckedXksProxies {

    @Bean
    @Primary
    XksProxyProbe uncheckedXksProxyProbe() {
        return (settings, secretAccessKey, requestId, kmsOperation) -> {
            // accepted without asking the proxy
        };
    }
}
