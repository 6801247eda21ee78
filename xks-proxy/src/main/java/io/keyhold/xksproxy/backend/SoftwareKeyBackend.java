package io.keyhold.xksproxy.backend;

import io.keyhold.xksproxy.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AES keys in a password-protected PKCS#12 file; the keys named in the configuration are generated
 * (AES-256) on first start and kept from then on. Aliases are the external key ids.
 */
public final class SoftwareKeyBackend implements KeyBackend {

    private static final Logger log = LoggerFactory.getLogger(SoftwareKeyBackend.class);

    private final Path keystoreFile;
    private final Map<String, BackendKey> keys;

    private SoftwareKeyBackend(Path keystoreFile, Map<String, BackendKey> keys) {
        this.keystoreFile = keystoreFile;
        this.keys = Map.copyOf(keys);
    }

    public static SoftwareKeyBackend openOrCreate(Path keystoreFile, char[] password, Collection<String> keyIds,
            SecureRandom random) {
        try {
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            if (Files.exists(keystoreFile)) {
                try (InputStream in = Files.newInputStream(keystoreFile)) {
                    keystore.load(in, password);
                }
            } else {
                keystore.load(null, password);
            }
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
            boolean generated = false;
            for (String keyId : keyIds) {
                if (!keystore.containsAlias(keyId)) {
                    KeyGenerator generator = KeyGenerator.getInstance("AES");
                    generator.init(256, random);
                    keystore.setEntry(keyId, new KeyStore.SecretKeyEntry(generator.generateKey()), protection);
                    log.info("Generated AES-256 key '{}' in {}", keyId, keystoreFile);
                    generated = true;
                }
            }
            if (generated) {
                save(keystore, keystoreFile, password);
            }
            Map<String, BackendKey> keys = new HashMap<>();
            for (String keyId : keyIds) {
                Key key = keystore.getKey(keyId, password);
                if (!(key instanceof SecretKey secretKey) || !"AES".equalsIgnoreCase(key.getAlgorithm())) {
                    throw new IllegalStateException("Entry '" + keyId + "' of " + keystoreFile + " is not an AES key");
                }
                keys.put(keyId, new BackendKey(keyId, secretKey, secretKey.getEncoded().length * 8));
            }
            return new SoftwareKeyBackend(keystoreFile, keys);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot open the key store " + keystoreFile + ": " + e.getMessage(), e);
        }
    }

    private static void save(KeyStore keystore, Path file, char[] password) throws IOException {
        PrivateFiles.writeAtomically(file, temporary -> {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                keystore.store(out, password);
            } catch (GeneralSecurityException e) {
                throw new IOException("Cannot write " + file + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public Optional<BackendKey> findKey(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    @Override
    public Cipher newGcmCipher() throws GeneralSecurityException {
        return Cipher.getInstance("AES/GCM/NoPadding");
    }

    @Override
    public String description() {
        return "software keystore " + keystoreFile.toAbsolutePath();
    }
}
