package io.keyhold.xksproxy.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A certificate authority of the proxy's own, kept as PEM files in one directory: {@code ca.pem} (give it to
 * clients as their trust anchor), {@code ca-key.pem}, and the server's {@code server.pem} (chain) and
 * {@code server-key.pem}. The CA is made once; the server certificate is re-issued when the configured names
 * change, when it is not from this CA, or when fewer than 30 days of validity remain.
 */
public final class LocalCertificateAuthority {

    public static final String CA_CERTIFICATE = "ca.pem";
    public static final String CA_PRIVATE_KEY = "ca-key.pem";
    public static final String SERVER_CERTIFICATE = "server.pem";
    public static final String SERVER_PRIVATE_KEY = "server-key.pem";

    private static final Logger log = LoggerFactory.getLogger(LocalCertificateAuthority.class);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration SERVER_VALIDITY = Duration.ofDays(397);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private final Path directory;
    private final Clock clock;
    private final SecureRandom random;

    public LocalCertificateAuthority(Path directory, Clock clock, SecureRandom random) {
        this.directory = directory;
        this.clock = clock;
        this.random = random;
    }

    /** The server key and its chain (server certificate, then the CA), made or renewed as needed. */
    public ServerCredentials serverCredentials(List<String> dnsNames, List<String> ipAddresses) {
        try {
            Issuer ca = loadOrCreateCa();
            Path certificateFile = directory.resolve(SERVER_CERTIFICATE);
            Path keyFile = directory.resolve(SERVER_PRIVATE_KEY);
            if (Files.exists(certificateFile) && Files.exists(keyFile)) {
                X509Certificate current = Pem.readCertificates(certificateFile).get(0);
                if (stillFits(current, ca, dnsNames, ipAddresses)) {
                    return new ServerCredentials(Pem.readPrivateKey(keyFile), List.of(current, ca.certificate()));
                }
            }
            KeyPair serverKeys = newKeyPair();
            X509Certificate certificate = issueServerCertificate(ca, serverKeys.getPublic(), dnsNames, ipAddresses);
            Pem.writePrivateKey(keyFile, serverKeys.getPrivate());
            Pem.writeCertificates(certificateFile, List.of(certificate, ca.certificate()));
            log.info("Issued a server certificate for {} {} from the local CA in {}", dnsNames, ipAddresses,
                    directory.toAbsolutePath());
            return new ServerCredentials(serverKeys.getPrivate(), List.of(certificate, ca.certificate()));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot prepare the TLS certificate in " + directory.toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
    }

    private Issuer loadOrCreateCa() throws IOException, GeneralSecurityException, OperatorCreationException {
        Path certificateFile = directory.resolve(CA_CERTIFICATE);
        Path keyFile = directory.resolve(CA_PRIVATE_KEY);
        if (Files.exists(certificateFile) && Files.exists(keyFile)) {
            return new Issuer(Pem.readCertificates(certificateFile).get(0), Pem.readPrivateKey(keyFile));
        }
        KeyPair keys = newKeyPair();
        X500Name name = new X500Name("CN=Keyhold XKS Proxy Local CA " + Long.toHexString(random.nextLong() >>> 16));
        Instant now = clock.instant();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CA_VALIDITY)), name, keys.getPublic());
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(Extension.subjectKeyIdentifier, false,
                extensions.createSubjectKeyIdentifier(keys.getPublic()));
        X509Certificate certificate = sign(builder, keys.getPrivate());
        Pem.writePrivateKey(keyFile, keys.getPrivate());
        Pem.writeCertificates(certificateFile, List.of(certificate));
        log.info("Created a local CA in {}: clients trust {}", directory.toAbsolutePath(), certificateFile.toAbsolutePath());
        return new Issuer(certificate, keys.getPrivate());
    }

    private X509Certificate issueServerCertificate(Issuer ca, PublicKey serverKey, List<String> dnsNames,
            List<String> ipAddresses) throws GeneralSecurityException, IOException, OperatorCreationException {
        Instant now = clock.instant();
        String commonName = dnsNames.isEmpty() ? ipAddresses.get(0) : dnsNames.get(0);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(SERVER_VALIDITY)),
                new X500Name("CN=" + commonName), serverKey);
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(names.toArray(GeneralName[]::new)));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                extensions.createAuthorityKeyIdentifier(ca.certificate()));
        builder.addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(serverKey));
        return sign(builder, ca.privateKey());
    }

    private boolean stillFits(X509Certificate certificate, Issuer ca, List<String> dnsNames, List<String> ipAddresses)
            throws CertificateParsingException {
        try {
            certificate.verify(ca.certificate().getPublicKey());
        } catch (GeneralSecurityException e) {
            return false;
        }
        boolean fresh = certificate.getNotAfter().toInstant().isAfter(clock.instant().plus(RENEW_BEFORE));
        return fresh && subjectAlternativeNames(certificate).equals(expectedNames(dnsNames, ipAddresses));
    }

    private static Set<String> expectedNames(List<String> dnsNames, List<String> ipAddresses) {
        Set<String> names = new HashSet<>();
        dnsNames.forEach(n -> names.add("dns:" + n));
        for (String ip : ipAddresses) {
            try {
                names.add("ip:" + InetAddress.getByName(ip).getHostAddress());
            } catch (IOException e) {
                throw new IllegalArgumentException("Not an IP address: " + ip, e);
            }
        }
        return names;
    }

    private static Set<String> subjectAlternativeNames(X509Certificate certificate) throws CertificateParsingException {
        Set<String> names = new HashSet<>();
        Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
        if (entries != null) {
            for (List<?> entry : entries) {
                int type = (Integer) entry.get(0);
                if (type == GeneralName.dNSName) {
                    names.add("dns:" + entry.get(1));
                } else if (type == GeneralName.iPAddress) {
                    try {
                        names.add("ip:" + InetAddress.getByName((String) entry.get(1)).getHostAddress());
                    } catch (IOException e) {
                        names.add("ip:?");
                    }
                }
            }
        }
        return names;
    }

    private X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws OperatorCreationException, GeneralSecurityException, CertIOException {
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).setSecureRandom(random).build(issuerKey);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    private BigInteger serial() {
        return new BigInteger(63, random).add(BigInteger.ONE);
    }

    private record Issuer(X509Certificate certificate, PrivateKey privateKey) {
    }

    /** The private key and the certificate chain the server presents. */
    public record ServerCredentials(PrivateKey privateKey, List<X509Certificate> chain) {
    }
}
