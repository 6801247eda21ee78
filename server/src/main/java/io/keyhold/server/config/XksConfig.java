package io.keyhold.server.config;

import io.keyhold.connector.key.KeyMaterialStore;
import io.keyhold.connector.xks.XksClientSettings;
import io.keyhold.connector.xks.XksConnector;
import io.keyhold.connector.xks.XksProxyClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The XKS proxy client, configured by {@code keyhold.xks.*}. */
@Configuration(proxyBeanMethods = false)
class XksConfig {

    @Bean(destroyMethod = "close")
    XksProxyClient xksProxyClient(KeyholdProperties properties) {
        KeyholdProperties.Xks xks = properties.xks();
        char[] clientPassword = xks.clientCertificatePassword() == null ? null : xks.clientCertificatePassword().toCharArray();
        return new XksProxyClient(new XksClientSettings(xks.region(), xks.timeout(), xks.endpointOverrides(),
                xks.vpcEndpointServices(),
                xks.trustedCaFile() == null ? null : trustStore(xks.trustedCaFile()),
                xks.clientCertificateFile() == null ? null : keyStore(xks.clientCertificateFile(), clientPassword),
                clientPassword));
    }

    @Bean
    XksConnector xksConnector(XksProxyClient client, KeyholdProperties properties, MeterRegistry meters,
                              KeyMaterialStore keyMaterialStore) {
        return new XksConnector(client, properties.xks().vpcEndpointServices().keySet(), meters, keyMaterialStore);
    }

    /** The CAs in a PEM bundle, trusted instead of the JDK's. */
    private static KeyStore trustStore(Path pemBundle) {
        try (InputStream in = Files.newInputStream(pemBundle)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + index++, certificate);
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read keyhold.xks.trusted-ca-file " + pemBundle, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keyhold.xks.trusted-ca-file " + pemBundle + " is not a PEM certificate bundle", e);
        }
    }

    /** The client certificate and key that Keyhold presents when a proxy asks for mTLS (PKCS#12). */
    private static KeyStore keyStore(Path pkcs12, char[] password) {
        try (InputStream in = Files.newInputStream(pkcs12)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read keyhold.xks.client-certificate-file " + pkcs12, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keyhold.xks.client-certificate-file " + pkcs12 + " is not a PKCS#12 key store", e);
        }
    }
}
