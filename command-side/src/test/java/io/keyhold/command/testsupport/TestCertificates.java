package io.keyhold.command.testsupport;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Real certificates for the CloudHSM checks, generated once per JVM with BouncyCastle: a customer
 * trust anchor (issuing CA) and the cluster certificate it signed, plus an unrelated CA and an
 * unrelated cluster certificate for the IncorrectTrustAnchor and NotRelated cases.
 */
public final class TestCertificates {

    /** The customer's issuing CA, i.e. the trust anchor of {@link #CLUSTER_CERTIFICATE}. */
    public static final String TRUST_ANCHOR;
    /** The cluster certificate signed by {@link #TRUST_ANCHOR}; shared by related clusters. */
    public static final String CLUSTER_CERTIFICATE;
    /** A CA that signed nothing we use as a cluster certificate here. */
    public static final String OTHER_TRUST_ANCHOR;
    /** A cluster certificate of an unrelated cluster (different backup history), signed by {@link #OTHER_TRUST_ANCHOR}. */
    public static final String OTHER_CLUSTER_CERTIFICATE;

    static {
        try {
            KeyPair anchorKeys = keyPair();
            KeyPair clusterKeys = keyPair();
            KeyPair otherAnchorKeys = keyPair();
            KeyPair otherClusterKeys = keyPair();
            X500Name anchorName = new X500Name("CN=Customer Issuing CA,O=Keyhold Test");
            X500Name otherAnchorName = new X500Name("CN=Other Issuing CA,O=Keyhold Test");
            TRUST_ANCHOR = pem(certificate(anchorName, anchorName, anchorKeys, anchorKeys, true, 1));
            CLUSTER_CERTIFICATE = pem(certificate(anchorName, new X500Name("CN=cluster-234abcdefABC,O=Keyhold Test"),
                    anchorKeys, clusterKeys, true, 2));
            OTHER_TRUST_ANCHOR = pem(certificate(otherAnchorName, otherAnchorName, otherAnchorKeys, otherAnchorKeys, true, 3));
            OTHER_CLUSTER_CERTIFICATE = pem(certificate(otherAnchorName,
                    new X500Name("CN=cluster-456cdefghCDE,O=Keyhold Test"), otherAnchorKeys, otherClusterKeys, true, 4));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestCertificates() {
    }

    /** SHA-256 over the DER encoding, hex; computed here independently of the code under test. */
    public static String fingerprint(String pem) {
        try {
            String base64 = pem.replace("-----BEGIN CERTIFICATE-----", "").replace("-----END CERTIFICATE-----", "")
                    .replaceAll("\\s", "");
            byte[] der = Base64.getDecoder().decode(base64);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(X500Name issuer, X500Name subject, KeyPair issuerKeys,
                                               KeyPair subjectKeys, boolean ca, long serial) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))), subject,
                subjectKeys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + new String(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encode(certificate.getEncoded()), StandardCharsets.US_ASCII)
                + "\n-----END CERTIFICATE-----\n";
    }
}
