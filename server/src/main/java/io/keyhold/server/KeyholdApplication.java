package io.keyhold.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Keyhold: the AWS KMS custom key store API, event-sourced. */
@SpringBootApplication(scanBasePackages = "io.keyhold")
@ConfigurationPropertiesScan
public class KeyholdApplication {

    public static void main(String[] args) {
        SpringApplication.run(KeyholdApplication.class, args);
    }
}
