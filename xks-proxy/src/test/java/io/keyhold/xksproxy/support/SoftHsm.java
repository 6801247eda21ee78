package io.keyhold.xksproxy.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A SoftHSM2 token directory of the tests' own. SoftHSM2 reads {@code SOFTHSM2_CONF} once per process, so
 * Surefire points it at a file under target/ and this class writes that file before the library is loaded.
 * Needs the Debian package {@code softhsm2}.
 */
public final class SoftHsm {

    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path configuration;

    private SoftHsm(Path configuration) {
        this.configuration = configuration;
    }

    /** Empties the token directory named by SOFTHSM2_CONF and writes the configuration file. */
    public static SoftHsm freshTokenDirectory() throws IOException {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null) {
            throw new IllegalStateException("SOFTHSM2_CONF is not set: run the tests through Maven (Surefire sets it)");
        }
        if (!Files.exists(LIBRARY)) {
            throw new IllegalStateException(LIBRARY + " is missing: install the Debian package softhsm2");
        }
        Path configuration = Path.of(conf);
        Path tokens = configuration.resolveSibling("tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> files = Files.walk(tokens)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(configuration, """
                directories.tokendir = %s
                objectstore.backend = file
                log.level = ERROR
                slots.removable = false
                """.formatted(tokens.toAbsolutePath()), StandardCharsets.US_ASCII);
        return new SoftHsm(configuration);
    }

    public void initToken(String label, String userPin) throws IOException, InterruptedException {
        run("--init-token", "--free", "--label", label, "--so-pin", "5678", "--pin", userPin);
    }

    /**
     * Imports raw AES key bytes as a token secret key with this CKA_LABEL. softhsm2-util reads the key file
     * up to the first NUL or newline, so the key must contain neither (see {@link #keyMaterial}).
     */
    public void importAesKey(String tokenLabel, String userPin, String keyLabel, int id, byte[] key, Path workDir)
            throws IOException, InterruptedException {
        for (byte b : key) {
            if (b == 0 || b == '\n') {
                throw new IllegalArgumentException("softhsm2-util would cut the key at a NUL or newline byte");
            }
        }
        Path file = Files.createTempFile(workDir, "aes", ".key");
        Files.write(file, key);
        run("--import", file.toString(), "--aes", "--token", tokenLabel, "--pin", userPin, "--label", keyLabel,
                "--id", HexFormat.of().toHexDigits((byte) id));
        Files.delete(file);
    }

    /** Random key bytes that softhsm2-util imports whole: letters and digits. */
    public static byte[] keyMaterial(int bytes) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        byte[] key = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            key[i] = (byte) alphabet.charAt(RANDOM.nextInt(alphabet.length()));
        }
        return key;
    }

    private void run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("softhsm2-util");
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SOFTHSM2_CONF", configuration.toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("softhsm2-util is missing: install the Debian package softhsm2", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("softhsm2-util " + command + " failed:\n" + output);
        }
    }
}
