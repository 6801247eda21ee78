package io.keyhold.xksproxy.tls;

import io.keyhold.xksproxy.PrivateFiles;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** Reads and writes PEM certificates and private keys (PKCS#8, SEC1 or PKCS#1). */
public final class Pem {

    private Pem() {
    }

    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        } catch (CertificateException e) {
            throw new IOException("Cannot read a certificate from " + file + ": " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException("No PEM certificate in " + file);
        }
        return certificates;
    }

    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object item = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (item instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (item instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IOException("No unencrypted PEM private key in " + file);
        }
    }

    public static void writeCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, encode(certificates.toArray()), StandardCharsets.US_ASCII);
    }

    /**
     * Publishes certificates for clients to trust: readable by everyone, written beside {@code file} and moved
     * over it (a reader never sees half a file), and left untouched when it already holds exactly these.
     */
    public static void publishCertificates(Path file, List<X509Certificate> certificates) throws IOException {
        byte[] pem = encode(certificates.toArray()).getBytes(StandardCharsets.US_ASCII);
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), pem)) {
            return;
        }
        PrivateFiles.writeAtomically(file, temporary -> {
            Files.write(temporary, pem);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
        });
    }

    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        String pem = encode(new JcaPKCS8Generator(key, null).generate());
        PrivateFiles.writeAtomically(file, temporary -> Files.writeString(temporary, pem, StandardCharsets.US_ASCII));
    }

    private static String encode(Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (Writer writer = text; JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            for (Object object : objects) {
                pem.writeObject(object);
            }
        }
        return text.toString();
    }
}
