package io.keyhold.xksproxy.support;

import io.keyhold.xksproxy.XksProxyApplication;
import io.keyhold.xksproxy.server.XksHttpServer;
import io.keyhold.xksproxy.tls.LocalCertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.context.ConfigurableApplicationContext;

/** The real proxy, started from a configuration file as {@code java -jar} would, on a random port of 127.0.0.1. */
public final class RunningProxy implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final Path directory;

    private RunningProxy(ConfigurableApplicationContext context, Path directory) {
        this.context = context;
        this.directory = directory;
    }

    /** {@code yaml} is the {@code xks-proxy:} section's body; listen, tls and software backend default to {@code directory}. */
    public static RunningProxy start(Path directory, String yaml) {
        Path config = directory.resolve("xks-proxy.yaml");
        try {
            Files.writeString(config, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RunningProxy(XksProxyApplication.start("--config=" + config), directory);
    }

    public int port() {
        return context.getBean(XksHttpServer.class).port();
    }

    public Path caCertificate() {
        return directory.resolve("tls").resolve(LocalCertificateAuthority.CA_CERTIFICATE);
    }

    public String url(String path) {
        return "https://localhost:" + port() + path;
    }

    @Override
    public void close() {
        context.close();
    }
}
