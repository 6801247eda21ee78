package io.keyhold.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 256-bit master key (Base64 in a file readable by its owner only) and the purpose-bound
 * keys derived from it. Every node of one installation must be given the same file.
 */
public final class MasterKey {

    private static final Logger log = LoggerFactory.getLogger(MasterKey.class);

    private final byte[] key;

    private MasterKey(byte[] key) {
        this.key = key;
    }

    public static MasterKey loadOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
            if (key.length != 32) {
                throw new IllegalStateException("the master key in " + file + " is not 256 bits");
            }
            return new MasterKey(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the master key file " + file, e);
        }
    }

    private static void create(Path file) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
            log.warn("Generated a new master key in {}: back it up; without it stored credentials cannot be read", file);
        } catch (FileAlreadyExistsException createdByAnotherProcess) {
            log.debug("Master key {} was created concurrently", file);
        }
    }

    /** The key that encrypts credentials. */
    public byte[] secretsKey() {
        return derive("keyhold/secrets/v1");
    }

    /** The key that seals key material Keyhold holds (XKS inner keys, the software cluster's keys). */
    public byte[] keyMaterialKey() {
        return derive("keyhold/key-material/v1");
    }

    /** The key that signs pagination markers. */
    public byte[] markerKey() {
        return derive("keyhold/markers/v1");
    }

    private byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
