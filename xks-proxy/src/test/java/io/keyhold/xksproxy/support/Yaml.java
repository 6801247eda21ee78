package io.keyhold.xksproxy.support;

import io.keyhold.xksproxy.config.XksProxyProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

/** Binds a configuration file's {@code xks-proxy:} section as the application does. */
public final class Yaml {

    private Yaml() {
    }

    public static XksProxyProperties bind(String yaml) {
        return bind(new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8), "test configuration"));
    }

    public static XksProxyProperties bind(Resource yaml) {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("xks-proxy.yaml", yaml);
            return new Binder(ConfigurationPropertySources.from(sources)).bind("xks-proxy", XksProxyProperties.class)
                    .orElseThrow(() -> new IllegalArgumentException("No xks-proxy: section"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
