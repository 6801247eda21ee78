package io.keyhold.connector.xks;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;

import org.junit.jupiter.api.Test;

/** The host name check that replaces the JDK's when we connect to another address than the endpoint. */
class EndpointHostTrustManagerTest {

    private static final TestPki CA = XksFixtures.CA;

    @Test
    void anExactDnsNameMatchesIgnoringCaseAndATrailingDot() throws Exception {
        X509Certificate certificate = CA.withNames("XKS.Example.com");

        assertThat(EndpointHostTrustManager.names(certificate, "xks.example.com")).isTrue();
        assertThat(EndpointHostTrustManager.names(certificate, "xks.example.com.")).isTrue();
        assertThat(EndpointHostTrustManager.names(certificate, "example.com")).isFalse();
        assertThat(EndpointHostTrustManager.names(certificate, "a.xks.example.com")).isFalse();
    }

    @Test
    void anyOfSeveralNamesMatches() throws Exception {
        X509Certificate certificate = CA.withNames("proxy.example.net", "xks.example.com");

        assertThat(EndpointHostTrustManager.names(certificate, "xks.example.com")).isTrue();
        assertThat(EndpointHostTrustManager.names(certificate, "proxy.example.net")).isTrue();
    }

    @Test
    void aWildcardMatchesExactlyOneLeftMostLabel() throws Exception {
        X509Certificate certificate = CA.withNames("*.example.com");

        assertThat(EndpointHostTrustManager.names(certificate, "xks.example.com")).isTrue();
        assertThat(EndpointHostTrustManager.names(certificate, "example.com")).isFalse();
        assertThat(EndpointHostTrustManager.names(certificate, "a.xks.example.com")).isFalse();
        assertThat(EndpointHostTrustManager.names(certificate, ".example.com")).isFalse();
    }

    @Test
    void wildcardsForATopLevelDomainOrInsideALabelMatchNothing() throws Exception {
        assertThat(EndpointHostTrustManager.names(CA.withNames("*.com"), "example.com")).isFalse();
        assertThat(EndpointHostTrustManager.names(CA.withNames("x*.example.com"), "xks.example.com")).isFalse();
        assertThat(EndpointHostTrustManager.names(CA.withNames("*.*.example.com"), "a.b.example.com")).isFalse();
    }
}
