package io.keyhold.xksproxy;

import io.keyhold.xksproxy.config.XksProxyProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * {@code java -jar keyhold-xks-proxy.jar --config=xks-proxy.yaml}: one YAML file configures everything
 * (default {@code ./xks-proxy.yaml}). Spring Boot binds and checks the file and runs the lifecycle; the
 * HTTPS server is the JDK's (see {@link io.keyhold.xksproxy.server.XksHttpServer}).
 */
@SpringBootConfiguration
@EnableConfigurationProperties(XksProxyProperties.class)
@Import(XksProxyConfiguration.class)
public class XksProxyApplication {

    static final String DEFAULT_CONFIG = "xks-proxy.yaml";

    public static void main(String[] args) {
        start(args);
    }

    public static ConfigurableApplicationContext start(String... args) {
        SpringApplication application = new SpringApplication(XksProxyApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setMainApplicationClass(XksProxyApplication.class);
        return application.run(withConfigLocation(args));
    }

    /** Turns {@code --config=FILE} (or {@code --config FILE}) into the one location Spring reads configuration from. */
    static String[] withConfigLocation(String[] args) {
        List<String> result = new ArrayList<>();
        String config = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--config=")) {
                config = args[i].substring("--config=".length());
            } else if (args[i].equals("--config") && i + 1 < args.length) {
                config = args[++i];
            } else {
                result.add(args[i]);
            }
        }
        boolean locationGiven = result.stream().anyMatch(a -> a.startsWith("--spring.config.location="));
        if (!locationGiven) {
            result.add("--spring.config.location=file:" + (config != null ? config : DEFAULT_CONFIG));
        }
        return result.toArray(String[]::new);
    }
}
