package io.keyhold.xksproxy.tls;

import io.keyhold.xksproxy.config.XksProxyProperties;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * The server side of TLS: TLS 1.3 and 1.2 only, restricted to the cipher suites the XKS spec names, with the
 * configured certificate or one from the {@link LocalCertificateAuthority}, and optional mTLS.
 */
public final class ServerTls {

    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** XKS spec, "API content type": at least one of these; the proxy offers exactly these. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");

    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private final SSLContext context;
    private final SSLParameters parameters;

    private ServerTls(SSLContext context, SSLParameters parameters) {
        this.context = context;
        this.parameters = parameters;
    }

    public static ServerTls create(XksProxyProperties.Tls config, Clock clock, SecureRandom random) {
        try {
            PrivateKey key;
            List<X509Certificate> chain;
            if (config.certificateChain() != null) {
                key = Pem.readPrivateKey(config.privateKey());
                chain = Pem.readCertificates(config.certificateChain());
            } else {
                LocalCertificateAuthority.ServerCredentials credentials = new LocalCertificateAuthority(
                        config.directory(), clock, random).serverCredentials(config.dnsNames(), config.ipAddresses());
                key = credentials.privateKey();
                chain = credentials.chain();
                if (config.exportCaCertificate() != null) {
                    Pem.publishCertificates(config.exportCaCertificate(), List.of(chain.get(chain.size() - 1)));
                }
            }
            KeyStore identity = KeyStore.getInstance("PKCS12");
            identity.load(null, null);
            identity.setKeyEntry("server", key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(identity, IN_MEMORY_PASSWORD);

            TrustManager[] trustManagers = null;
            if (config.mtls().enabled()) {
                trustManagers = new TrustManager[] {new ClientCertificateVerifier(
                        Pem.readCertificates(config.mtls().clientCa()), config.mtls().clientNames())};
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers, random);

            SSLParameters parameters = context.getDefaultSSLParameters();
            List<String> supported = Arrays.asList(context.getSupportedSSLParameters().getCipherSuites());
            parameters.setProtocols(PROTOCOLS.toArray(String[]::new));
            parameters.setCipherSuites(CIPHER_SUITES.stream().filter(supported::contains).toArray(String[]::new));
            parameters.setUseCipherSuitesOrder(true);
            parameters.setNeedClientAuth(config.mtls().enabled());
            return new ServerTls(AlertDeliveringEngine.wrap(context), parameters);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS: " + e.getMessage(), e);
        }
    }

    public SSLContext context() {
        return context;
    }

    /** A copy, since JSSE reads the parameters per connection. */
    public SSLParameters parameters() {
        SSLParameters copy = new SSLParameters(parameters.getCipherSuites(), parameters.getProtocols());
        copy.setUseCipherSuitesOrder(parameters.getUseCipherSuitesOrder());
        copy.setNeedClientAuth(parameters.getNeedClientAuth());
        return copy;
    }
}
