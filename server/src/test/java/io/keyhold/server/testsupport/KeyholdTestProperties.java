package io.keyhold.server.testsupport;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/** Properties that point a test's Keyhold at its own database and data directory, and declare callers. */
public final class KeyholdTestProperties {

    private KeyholdTestProperties() {
    }

    public static void isolated(DynamicPropertyRegistry registry, Path dataDir) {
        TestDatabases.freshDatabase().forEach((key, value) -> registry.add(key, () -> value));
        registry.add("keyhold.data-dir", dataDir::toString);
    }

    /**
     * Declares caller {@code index}. A list bound from a test's properties replaces the one in
     * application.properties, so a test that adds callers declares the default one (index 0) too.
     */
    public static void credential(DynamicPropertyRegistry registry, int index, String accessKeyId,
                                  String secretAccessKey, String accountId) {
        String prefix = "keyhold.credentials[" + index + "].";
        registry.add(prefix + "access-key-id", () -> accessKeyId);
        registry.add(prefix + "secret-access-key", () -> secretAccessKey);
        registry.add(prefix + "account-id", () -> accountId);
    }

    public static void defaultCredential(DynamicPropertyRegistry registry) {
        credential(registry, 0, "test", "test", "000000000000");
    }
}
