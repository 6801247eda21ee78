package io.keyhold.server.wire;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WireConfig {

    /** The KMS service model that requests are validated against, parsed once. */
    @Bean
    KmsServiceModel kmsServiceModel() {
        return KmsServiceModel.fromClasspath();
    }
}
