package io.keyhold.xksproxy;

import io.keyhold.xksproxy.config.XksProxyProperties;
import io.keyhold.xksproxy.config.XksProxyProperties.Backend;
import io.keyhold.xksproxy.config.XksProxyProperties.BackendType;
import io.keyhold.xksproxy.config.XksProxyProperties.Credential;
import io.keyhold.xksproxy.config.XksProxyProperties.Fault;
import io.keyhold.xksproxy.config.XksProxyProperties.Health;
import io.keyhold.xksproxy.config.XksProxyProperties.KeyDefinition;
import io.keyhold.xksproxy.config.XksProxyProperties.KeyUsage;
import io.keyhold.xksproxy.config.XksProxyProperties.Limits;
import io.keyhold.xksproxy.config.XksProxyProperties.Listen;
import io.keyhold.xksproxy.config.XksProxyProperties.Software;
import io.keyhold.xksproxy.config.XksProxyProperties.Store;
import io.keyhold.xksproxy.config.XksProxyProperties.Tls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Demo mode ({@code --port=N --data-dir=DIR [--plain-http]}, see {@link LaunchOptions}): a proxy with fixed,
 * published values that runs without a configuration file. It is the {@link XksProxyProperties} a
 * configuration file with these values would bind to, served by the same {@link XksProxyConfiguration}; only
 * where the properties come from differs (this class instead of the {@code xks-proxy:} section).
 *
 * <p>{@code DIR} holds the software key store {@value #KEYSTORE}, the local CA and server certificate in
 * {@value #TLS_DIRECTORY}/, and a copy of the CA certificate in {@value #CA_CERTIFICATE} for clients; all are
 * made on the first start and reused afterwards.
 */
@Configuration(proxyBeanMethods = false)
@Import(XksProxyConfiguration.class)
public class DemoMode {

    public static final String REGION = "us-east-1";
    public static final String PREFIX = "/keyhold/demo";
    /** {@code XksProxyUriPath}. */
    public static final String URI_PATH = PREFIX + "/kms/xks/v1";
    public static final String ACCESS_KEY_ID = "DEMOXKSACCESSKEY234567";
    /** Published in the README: demo mode is for trying the proxy out, never for keys that protect anything. */
    public static final String SECRET_ACCESS_KEY = "keyholdDemoXksSecretAccessKey0123456789abcdef";

    /** AES-256, may encrypt and decrypt. */
    public static final String KEY = "demo-key";
    public static final String ENCRYPT_ONLY_KEY = "demo-encrypt-only";
    public static final String DECRYPT_ONLY_KEY = "demo-decrypt-only";
    /** Neither encrypt nor decrypt. */
    public static final String NEITHER_KEY = "demo-neither";
    /** Status DISABLED. */
    public static final String DISABLED_KEY = "demo-disabled";

    /** In the data directory: the local CA's certificate, for clients to trust. */
    public static final String CA_CERTIFICATE = "ca.crt";
    /** In the data directory: the local CA and the server certificate (for {@code localhost} and 127.0.0.1). */
    public static final String TLS_DIRECTORY = "tls";
    /** In the data directory: the PKCS#12 file with the AES keys. */
    public static final String KEYSTORE = "xks-proxy-keys.p12";
    static final String KEYSTORE_PASSWORD = "keyhold-demo-keystore";

    static final String LISTEN_ADDRESS = "127.0.0.1";
    static final int LISTEN_THREADS = 8;

    /** The configuration of demo mode: what a configuration file with the demo values binds to. */
    public static XksProxyProperties properties(int port, Path dataDir, boolean plainHttp) {
        return new XksProxyProperties(
                new Listen(LISTEN_ADDRESS, port, LISTEN_THREADS),
                REGION,
                new Tls(dataDir.resolve(TLS_DIRECTORY), List.of("localhost"), List.of(LISTEN_ADDRESS), null, null, null,
                        !plainHttp, dataDir.resolve(CA_CERTIFICATE)),
                new Limits(null, null),
                new Backend(BackendType.SOFTWARE, new Software(dataDir.resolve(KEYSTORE), KEYSTORE_PASSWORD), null),
                new Health(null, null, null, null, null, null),
                List.of(
                        new KeyDefinition(KEY, List.of(KeyUsage.ENCRYPT, KeyUsage.DECRYPT), true),
                        new KeyDefinition(ENCRYPT_ONLY_KEY, List.of(KeyUsage.ENCRYPT), true),
                        new KeyDefinition(DECRYPT_ONLY_KEY, List.of(KeyUsage.DECRYPT), true),
                        new KeyDefinition(NEITHER_KEY, List.of(), true),
                        new KeyDefinition(DISABLED_KEY, List.of(KeyUsage.ENCRYPT, KeyUsage.DECRYPT), false)),
                List.of(new Store(PREFIX, true, List.of(new Credential(ACCESS_KEY_ID, SECRET_ACCESS_KEY)),
                        List.of(KEY, ENCRYPT_ONLY_KEY, DECRYPT_ONLY_KEY, NEITHER_KEY, DISABLED_KEY), List.of(),
                        Duration.ZERO, null, Fault.NONE)));
    }

    static XksProxyProperties properties(LaunchOptions.Demo demo) {
        return properties(demo.port(), demo.dataDir(), demo.plainHttp());
    }
}
