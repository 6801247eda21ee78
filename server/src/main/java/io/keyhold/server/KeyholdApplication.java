package io.keyhold.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Keyhold: the AWS KMS custom key store API, event-sourced. */
@SpringBootApplication(scanBasePackages = "io.keyhold")
@ConfigurationPropertiesScan
@EnableScheduling
public class KeyholdApplication {

    public static void main(String[] args) {
        // Axon's advertisement for its commercial console would be the first thing operators read
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(KeyholdApplication.class, args);
    }
}
