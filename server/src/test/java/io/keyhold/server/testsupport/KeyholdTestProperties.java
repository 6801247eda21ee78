package io.keyhold.server.testsupport;

import java.nio.file.Path;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Properties that point a test's Keyhold at its own database and data directory, and declare callers. */
public final class KeyholdTestProperties {

    public static final String DEFAULT_ACCESS_KEY = "test";

    private KeyholdTestProperties() {
    }

    public static void isolated(DynamicPropertyRegistry registry, Path dataDir) {
        TestDatabases.freshDatabase().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("keyhold.data-dir", dataDir::toString);
    }

    /**
     * The secret of a test access key, derived from its id so that a server's declaration and the
     * clients signing for it cannot disagree; the development identity keeps its published secret.
     */
    public static String secretOf(String accessKeyId) {
        return accessKeyId.equals(DEFAULT_ACCESS_KEY) ? DEFAULT_ACCESS_KEY : "secret-of-" + accessKeyId;
    }

    /** The {@code keyhold.credentials[index]} properties of a test access key. */
    public static Map<String, String> credentialProperties(int index, String accessKeyId, String accountId) {
        String prefix = "keyhold.credentials[" + index + "].";
        return Map.of(prefix + "access-key-id", accessKeyId,
                prefix + "secret-access-key", secretOf(accessKeyId),
                prefix + "account-id", accountId);
    }

    /**
     * Declares caller {@code index}. A list bound from a test's properties replaces the one in
     * application.properties, so a test that adds callers declares the default one (index 0) too.
     */
    public static void credential(DynamicPropertyRegistry registry, int index, String accessKeyId, String accountId) {
        credentialProperties(index, accessKeyId, accountId).forEach((key, value) -> registry.add(key, () -> value));
    }

    public static void defaultCredential(DynamicPropertyRegistry registry) {
        credential(registry, 0, DEFAULT_ACCESS_KEY, "000000000000");
    }
}
