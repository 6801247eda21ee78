package io.keyhold.xksproxy.server;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.keyhold.xksproxy.config.XksProxyProperties;
import io.keyhold.xksproxy.tls.ServerTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The JDK's HTTPS server, started with the application context and stopped with it. The JDK server is used
 * (rather than an embedded servlet container) because it takes a ready {@code SSLContext} and per-connection
 * {@code SSLParameters}: that is what lets the proxy pin TLS 1.2/1.3 and the XKS cipher suites, and reject a
 * client certificate with the wrong name inside the handshake. Without a {@link ServerTls} (configuration
 * {@code tls.enabled: false}) the same handler is served over plain HTTP.
 */
public final class XksHttpServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(XksHttpServer.class);
    private static final int BACKLOG = 256;

    private final XksProxyProperties.Listen listen;
    private final ServerTls tls;
    private final XksRequestHandler handler;
    private HttpServer server;
    private ExecutorService executor;

    /** {@code tls} null serves plain HTTP. */
    public XksHttpServer(XksProxyProperties.Listen listen, ServerTls tls, XksRequestHandler handler) {
        this.listen = listen;
        this.tls = tls;
        this.handler = handler;
    }

    @Override
    public synchronized void start() {
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(listen.address()), listen.port());
            server = tls != null ? httpsServer(address, tls) : HttpServer.create(address, BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on " + listen.address() + ":" + listen.port(), e);
        }
        server.createContext("/", handler);
        executor = new ThreadPoolExecutor(listen.threads(), listen.threads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads());
        server.setExecutor(executor);
        server.start();
        if (tls != null) {
            log.info("XKS proxy listening on https://{}:{}", listen.address(), port());
        } else {
            log.warn("XKS proxy listening on http://{}:{} without TLS (tls.enabled: false); KMS only calls HTTPS",
                    listen.address(), port());
        }
    }

    private static HttpsServer httpsServer(InetSocketAddress address, ServerTls tls) throws IOException {
        HttpsServer https = HttpsServer.create(address, BACKLOG);
        https.setHttpsConfigurator(new HttpsConfigurator(tls.context()) {
            @Override
            public void configure(HttpsParameters parameters) {
                parameters.setSSLParameters(tls.parameters());
            }
        });
        return https;
    }

    /** {@code https} or {@code http}. */
    public String scheme() {
        return tls != null ? "https" : "http";
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The bound port, which differs from the configured one when that is 0. */
    public synchronized int port() {
        return server.getAddress().getPort();
    }

    private static final class NamedThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            return new Thread(task, "xks-proxy-" + count.incrementAndGet());
        }
    }
}
