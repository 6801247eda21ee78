package io.keyhold.xksproxy.backend;

import io.keyhold.xksproxy.api.XksException;
import io.keyhold.xksproxy.config.XksProxyProperties;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AES keys in a PKCS#11 token (SoftHSM2 in tests) through the JDK's SunPKCS11 provider. The token is
 * chosen by label, the user logs in with the configured PIN, and keys are found by CKA_LABEL.
 */
public final class Pkcs11KeyBackend implements KeyBackend {

    private static final Logger log = LoggerFactory.getLogger(Pkcs11KeyBackend.class);
    /**
     * SunPKCS11 names the key size only in a key's toString ("... AES secret key, 32 bits token object ...");
     * JDK 17 prints CKA_VALUE_LEN there, which is in bytes despite the word. AES sizes in bytes (16, 24, 32) and
     * in bits (128, 192, 256) do not overlap, so either reading is understood.
     */
    private static final Pattern KEY_SIZE = Pattern.compile(", (\\d+) bits");
    /** Keys this proxy generates never leave the token in plain. */
    private static final String SECRET_KEY_TEMPLATE = """
            attributes(*,CKO_SECRET_KEY,CKK_AES) = {
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
            }
            """;

    private final Provider provider;
    private final KeyStore keystore;
    private final char[] pin;
    private final String description;
    private final Map<String, BackendKey> keys = new ConcurrentHashMap<>();

    private Pkcs11KeyBackend(Provider provider, KeyStore keystore, char[] pin, String description) {
        this.provider = provider;
        this.keystore = keystore;
        this.pin = pin;
        this.description = description;
    }

    public static Pkcs11KeyBackend open(XksProxyProperties.Pkcs11 config, Collection<String> keyIds) {
        long slot = config.slot() != null ? config.slot() : Pkcs11Slots.slotOfToken(config.library(), config.tokenLabel());
        String providerConfig = "--name=KeyholdXks\nlibrary=" + config.library().toAbsolutePath() + "\nslot=" + slot + "\n"
                + SECRET_KEY_TEMPLATE;
        Provider provider = Security.getProvider("SunPKCS11").configure(providerConfig);
        char[] pin = config.pin().toCharArray();
        String description = "PKCS#11 token '" + (config.tokenLabel() != null ? config.tokenLabel() : "?") + "' in slot "
                + slot + " of " + config.library();
        try {
            KeyStore keystore = KeyStore.getInstance("PKCS11", provider);
            keystore.load(null, pin);
            Pkcs11KeyBackend backend = new Pkcs11KeyBackend(provider, keystore, pin, description);
            if (config.createMissingKeys()) {
                backend.generateMissing(keyIds);
            }
            return backend;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot log in to the " + description + ": " + e.getMessage(), e);
        }
    }

    private void generateMissing(Collection<String> keyIds) throws GeneralSecurityException {
        for (String keyId : keyIds) {
            if (!keystore.containsAlias(keyId)) {
                KeyGenerator generator = KeyGenerator.getInstance("AES", provider);
                generator.init(256);
                keystore.setKeyEntry(keyId, generator.generateKey(), null, null);
                log.info("Generated AES-256 key '{}' in the {}", keyId, description);
            }
        }
    }

    @Override
    public Optional<BackendKey> findKey(String keyId) {
        BackendKey cached = keys.get(keyId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<BackendKey> found = lookUp(keyId);
        found.ifPresent(key -> keys.put(keyId, key));
        return found;
    }

    /** Reloads the token's key list first, so that keys created with the token's own tools after start are found. */
    private Optional<BackendKey> lookUp(String keyId) {
        synchronized (keystore) {
            try {
                keystore.load(null, pin);
                Key key = keystore.getKey(keyId, null);
                if (!(key instanceof SecretKey secretKey) || !"AES".equalsIgnoreCase(key.getAlgorithm())) {
                    return Optional.empty();
                }
                return Optional.of(new BackendKey(keyId, secretKey, aesKeyBits(keyId, key)));
            } catch (IOException | GeneralSecurityException e) {
                throw new XksException.Internal("Cannot read key '" + keyId + "' from the " + description, e);
            }
        }
    }

    private int aesKeyBits(String keyId, Key key) {
        Matcher size = KEY_SIZE.matcher(key.toString());
        if (size.find()) {
            int value = Integer.parseInt(size.group(1));
            if (value == 16 || value == 24 || value == 32) {
                return value * 8;
            }
            if (value == 128 || value == 192 || value == 256) {
                return value;
            }
        }
        throw new XksException.Internal("Cannot tell the size of key '" + keyId + "' in the " + description);
    }

    @Override
    public Cipher newGcmCipher() throws GeneralSecurityException {
        return Cipher.getInstance("AES/GCM/NoPadding", provider);
    }

    @Override
    public String description() {
        return description;
    }
}
