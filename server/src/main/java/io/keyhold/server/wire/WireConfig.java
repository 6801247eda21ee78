package io.keyhold.server.wire;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WireConfig {

    /** Validates requests against the KMS service model, parsed once. */
    @Bean
    RequestValidator requestValidator() {
        return new RequestValidator(KmsServiceModel.fromClasspath());
    }
}
