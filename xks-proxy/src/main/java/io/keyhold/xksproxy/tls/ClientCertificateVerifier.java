package io.keyhold.xksproxy.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * mTLS: a client certificate must chain to one of the configured CAs (PKIX: signatures, validity dates,
 * client-auth key usage) and name one of the expected clients, as a DNS subject alternative name or as the
 * subject CN (KMS presents CN {@code cks.kms.<region>.amazonaws.com}). Anything else aborts the handshake.
 */
public final class ClientCertificateVerifier extends X509ExtendedTrustManager {

    private static final int DNS_NAME = 2;

    private final X509ExtendedTrustManager pkix;
    private final List<X509Certificate> trustedCas;
    private final List<String> expectedNames;

    public ClientCertificateVerifier(List<X509Certificate> trustedCas, List<String> expectedNames)
            throws GeneralSecurityException {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            anchors.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("Cannot create an in-memory trust store", e);
        }
        for (int i = 0; i < trustedCas.size(); i++) {
            anchors.setCertificateEntry("client-ca-" + i, trustedCas.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(anchors);
        this.pkix = extendedTrustManager(factory.getTrustManagers());
        this.trustedCas = List.copyOf(trustedCas);
        this.expectedNames = expectedNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        pkix.checkClientTrusted(chain, authType, engine);
        requireExpectedName(chain[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        pkix.checkClientTrusted(chain, authType, socket);
        requireExpectedName(chain[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
        requireExpectedName(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("This trust manager only checks clients");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("This trust manager only checks clients");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("This trust manager only checks clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trustedCas.toArray(X509Certificate[]::new);
    }

    private void requireExpectedName(X509Certificate client) throws CertificateException {
        if (dnsNames(client).stream().anyMatch(expectedNames::contains) || expectedNames.contains(commonName(client))) {
            return;
        }
        throw new CertificateException("The client certificate does not name an expected client " + expectedNames);
    }

    private static List<String> dnsNames(X509Certificate certificate) throws CertificateParsingException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return List.of();
        }
        return names.stream()
                .filter(entry -> entry.get(0) instanceof Integer type && type == DNS_NAME)
                .map(entry -> String.valueOf(entry.get(1)).toLowerCase(Locale.ROOT))
                .toList();
    }

    private static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue()).toLowerCase(Locale.ROOT);
                }
            }
        } catch (InvalidNameException e) {
            return "";
        }
        return "";
    }

    private static X509ExtendedTrustManager extendedTrustManager(TrustManager[] managers) {
        for (TrustManager manager : managers) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new IllegalStateException("The JDK offers no PKIX X509ExtendedTrustManager");
    }
}
