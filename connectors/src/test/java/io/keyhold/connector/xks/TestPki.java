package io.keyhold.connector.xks;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throw-away certificate authority issuing proxy (server) and KMS (client) certificates. */
final class TestPki {

    static final char[] PASSWORD = "test-only".toCharArray();

    private final X500Name name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    private TestPki(String commonName) throws Exception {
        this.name = new X500Name("CN=" + commonName + ",O=Keyhold tests");
        this.keys = keyPair();
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = builder(name, keys.getPublic(), now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(30)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        this.certificate = sign(builder);
    }

    static TestPki create(String commonName) {
        try {
            return new TestPki(commonName);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A trust store holding only this CA. */
    KeyStore trustStore() {
        try {
            KeyStore store = emptyStore();
            store.setCertificateEntry("ca", certificate);
            return store;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A proxy certificate for {@code dnsName}, valid now. */
    KeyStore server(String dnsName) {
        Instant now = Instant.now();
        return server(dnsName, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(7)));
    }

    KeyStore server(String dnsName, Instant notBefore, Instant notAfter) {
        return issue("CN=" + dnsName, KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)), notBefore, notAfter);
    }

    /** A server certificate carrying {@code dnsNames} as its DNS subject alternative names. */
    X509Certificate withNames(String... dnsNames) {
        GeneralName[] names = new GeneralName[dnsNames.length];
        for (int i = 0; i < dnsNames.length; i++) {
            names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
        }
        Instant now = Instant.now();
        KeyStore store = issue("CN=" + dnsNames[0], KeyPurposeId.id_kp_serverAuth, new GeneralNames(names),
                now, now.plus(Duration.ofDays(1)));
        try {
            return (X509Certificate) store.getCertificate("key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client certificate as KMS presents for mutual TLS. */
    KeyStore client(String commonName) {
        Instant now = Instant.now();
        return issue("CN=" + commonName, KeyPurposeId.id_kp_clientAuth, null, now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(7)));
    }

    private KeyStore issue(String subject, KeyPurposeId purpose, GeneralNames alternativeNames, Instant notBefore,
                           Instant notAfter) {
        try {
            KeyPair leaf = keyPair();
            X509v3CertificateBuilder builder = builder(new X500Name(subject), leaf.getPublic(), notBefore, notAfter);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            if (alternativeNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames);
            }
            KeyStore store = emptyStore();
            store.setKeyEntry("key", leaf.getPrivate(), PASSWORD, new Certificate[] {sign(builder), certificate});
            return store;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private X509v3CertificateBuilder builder(X500Name subject, PublicKey key, Instant notBefore, Instant notAfter) {
        return new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()), Date.from(notBefore),
                Date.from(notAfter), subject, key);
    }

    private X509Certificate sign(X509v3CertificateBuilder builder) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return store;
    }
}
