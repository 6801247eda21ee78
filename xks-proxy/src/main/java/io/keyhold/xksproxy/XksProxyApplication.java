package io.keyhold.xksproxy;

import io.keyhold.xksproxy.config.XksProxyProperties;
import io.keyhold.xksproxy.server.XksHttpServer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.context.support.GenericApplicationContext;

/**
 * {@code java -jar keyhold-xks-proxy.jar --config=xks-proxy.yaml}: one YAML file configures everything
 * (default {@code ./xks-proxy.yaml}). Spring Boot binds and checks the file and runs the lifecycle; the
 * HTTPS server is the JDK's (see {@link io.keyhold.xksproxy.server.XksHttpServer}).
 *
 * <p>{@code java -jar keyhold-xks-proxy.jar --port=N --data-dir=DIR [--plain-http]} runs {@link DemoMode}
 * instead, which reads no file (see {@link LaunchOptions}).
 */
@SpringBootConfiguration
@EnableConfigurationProperties(XksProxyProperties.class)
@Import(XksProxyConfiguration.class)
public class XksProxyApplication {

    static final String DEFAULT_CONFIG = "xks-proxy.yaml";
    /** Demo mode reads no file: neither ./xks-proxy.yaml nor Spring Boot's application.properties/yaml. */
    static final String NO_CONFIGURATION_FILES = "";

    private static final Logger log = LoggerFactory.getLogger(XksProxyApplication.class);

    public static void main(String[] args) {
        try {
            start(args);
        } catch (LaunchOptions.UsageException e) {
            log.error(e.getMessage());
            System.exit(2);
        }
    }

    /** Starts the proxy in the mode the arguments select; the {@link XksHttpServer} is listening on return. */
    public static ConfigurableApplicationContext start(String... args) {
        LaunchOptions options = LaunchOptions.parse(args);
        if (options.demo() != null) {
            return startDemo(options.demo(), options.springArgs());
        }
        return application(XksProxyApplication.class).run(withConfigLocation(args));
    }

    private static ConfigurableApplicationContext startDemo(LaunchOptions.Demo demo, List<String> springArgs) {
        XksProxyProperties properties = DemoMode.properties(demo);
        SpringApplication application = application(DemoMode.class);
        application.addInitializers(context ->
                ((GenericApplicationContext) context).registerBean(XksProxyProperties.class, () -> properties));
        List<String> args = new ArrayList<>(springArgs);
        if (args.stream().noneMatch(a -> a.startsWith("--spring.config.location="))) {
            args.add("--spring.config.location=" + NO_CONFIGURATION_FILES);
        }
        ConfigurableApplicationContext context = application.run(args.toArray(String[]::new));
        XksHttpServer server = context.getBean(XksHttpServer.class);
        String host = demo.plainHttp() ? DemoMode.LISTEN_ADDRESS : "localhost";
        log.info("Demo mode: XksProxyUriEndpoint {}://{}:{}, XksProxyUriPath {}, region {}, access key id {} (secret:"
                + " see the README's Demo mode){}", server.scheme(), host, server.port(), DemoMode.URI_PATH,
                DemoMode.REGION, DemoMode.ACCESS_KEY_ID, demo.plainHttp() ? ""
                        : ", clients trust " + demo.dataDir().resolve(DemoMode.CA_CERTIFICATE));
        return context;
    }

    private static SpringApplication application(Class<?> source) {
        SpringApplication application = new SpringApplication(source);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setMainApplicationClass(XksProxyApplication.class);
        return application;
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
