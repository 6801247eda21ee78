package io.keyhold.connector.pkcs11;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Real SoftHSM2 tokens for tests, here and in the server's (published as this module's test-jar).
 * SoftHSM reads SOFTHSM2_CONF (set by surefire) once, at C_Initialize, and only sees tokens
 * created before that or through the same initialised library; so the configuration and an empty
 * token directory are written before first use and tokens are created in-process, through the
 * library the clusters use. One token directory per JVM is therefore the limit: tests are kept
 * apart by tokens with unique labels.
 */
public final class SoftHsm {

    public static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    private static final String SO_PIN = "so-pin-1234";
    private static final AtomicInteger tokens = new AtomicInteger();
    private static boolean configured;

    private SoftHsm() {
    }

    /** Idempotent; must run before anything in this JVM initialises the library. */
    public static synchronized void configure() {
        if (configured) {
            return;
        }
        String confPath = System.getenv("SOFTHSM2_CONF");
        if (confPath == null) {
            throw new IllegalStateException("SOFTHSM2_CONF is not set; run the tests through Maven");
        }
        Path conf = Path.of(confPath);
        Path tokenDir = conf.resolveSibling("softhsm-tokens");
        try {
            deleteRecursively(tokenDir);
            Files.createDirectories(tokenDir);
            Files.writeString(conf, "directories.tokendir = " + tokenDir + "\n"
                    + "objectstore.backend = file\n"
                    + "log.level = ERROR\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        configured = true;
    }

    /** A token whose user PIN is {@code userPin}; returns its (unique) label. */
    public static String createToken(String name, String userPin) {
        String label = createTokenWithoutUserPin(name);
        Pkcs11Library library = Pkcs11Libraries.get(LIBRARY);
        long session = library.openReadWriteSession(library.findSlotByTokenLabel(label).orElseThrow());
        try {
            library.login(session, Ck.CKU_SO, SO_PIN.getBytes(StandardCharsets.US_ASCII));
            library.initPin(session, userPin.getBytes(StandardCharsets.UTF_8));
            library.logout(session);
        } finally {
            library.closeSession(session);
        }
        return label;
    }

    /** An initialised token on which no user PIN was ever set; returns its (unique) label. */
    public static synchronized String createTokenWithoutUserPin(String name) {
        configure();
        String label = tokens.incrementAndGet() + "-" + name;
        Pkcs11Libraries.get(LIBRARY).initFreeToken(label, SO_PIN.getBytes(StandardCharsets.US_ASCII));
        return label;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
