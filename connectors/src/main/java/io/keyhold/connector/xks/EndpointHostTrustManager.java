package io.keyhold.connector.xks;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a proxy certificate when the configured trust accepts its chain and it names one fixed
 * host: the proxy endpoint's, even though the connection goes to another address (an endpoint
 * override or a VPC endpoint). The JDK would check the name against the address it connected to,
 * and its own name checker is not public API, so the host check is done here.
 *
 * <p>Names are matched as RFC 6125 says for DNS-ID: the certificate's DNS subject alternative names,
 * case-insensitively, a wildcard only as the whole left-most label of a name with at least three
 * labels, matching exactly one label. The subject CN is not used.
 */
final class EndpointHostTrustManager extends X509ExtendedTrustManager {

    /** The certificate chains to a trusted CA but does not name the endpoint's host. */
    static final class HostNameMismatchException extends CertificateException {
        HostNameMismatchException(String message) {
            super(message);
        }
    }

    private static final int DNS_NAME = 2;

    private final X509ExtendedTrustManager trust;
    private final String hostName;

    EndpointHostTrustManager(X509ExtendedTrustManager trust, String hostName) {
        this.trust = trust;
        this.hostName = hostName;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServer(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServer(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkServer(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        trust.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        trust.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trust.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trust.getAcceptedIssuers();
    }

    private void checkServer(X509Certificate[] chain, String authType) throws CertificateException {
        // The two-argument form validates the chain (trust anchor, validity, constraints) without
        // comparing any name; the name is compared below.
        trust.checkServerTrusted(chain, authType);
        if (!names(chain[0], hostName)) {
            throw new HostNameMismatchException("the server certificate is not valid for " + hostName);
        }
    }

    static boolean names(X509Certificate certificate, String hostName) throws CertificateParsingException {
        Collection<List<?>> alternativeNames = certificate.getSubjectAlternativeNames();
        if (alternativeNames == null) {
            return false;
        }
        String host = normalise(hostName);
        return alternativeNames.stream()
                .filter(name -> Integer.valueOf(DNS_NAME).equals(name.get(0)))
                .anyMatch(name -> matches(normalise((String) name.get(1)), host));
    }

    private static boolean matches(String pattern, String host) {
        if (!pattern.startsWith("*.")) {
            return pattern.equals(host);
        }
        String parentDomain = pattern.substring(1);
        if (parentDomain.indexOf('.', 1) < 0 || parentDomain.contains("*") || !host.endsWith(parentDomain)) {
            return false;
        }
        String label = host.substring(0, host.length() - parentDomain.length());
        return !label.isEmpty() && label.indexOf('.') < 0;
    }

    private static String normalise(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
