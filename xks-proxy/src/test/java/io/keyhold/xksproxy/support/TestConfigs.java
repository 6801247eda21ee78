package io.keyhold.xksproxy.support;

import java.nio.file.Path;

/** Configuration files for the tests, in the format of xks-proxy.example.yaml. */
public final class TestConfigs {

    public static final String PREFIX = "/example/uri/path/prefix";
    public static final String ACCESS_KEY_ID = "BETWEEN2TENAND3TENCHARACTERS";
    public static final String SECRET = "PleaseReplaceThisWithSomeSecretOfLength43To64";
    public static final String ROTATED_ACCESS_KEY_ID = "ROTATEDACCESSKEYID234567";
    public static final String ROTATED_SECRET = "AnotherSecretForRotationOfLength43To64Chars0";
    public static final String ROOT_ACCESS_KEY_ID = "EMPTYPREFIXACCESSKEYID";
    public static final String ROOT_SECRET = "U2VjcmV0T2ZUaGVTdG9yZVdpdGhUaGVFbXB0eVByZWZpeA==";
    public static final String OTHER_ACCESS_KEY_ID = "OTHERSTOREACCESSKEYID2345";
    public static final String OTHER_SECRET = "SecretOfAnotherStoreWhichIsLongEnough1234567";

    private TestConfigs() {
    }

    /** Listening on 127.0.0.1 with a random port, TLS material under {@code dir/tls}, software keys in {@code dir}. */
    public static String base(Path dir) {
        return """
                xks-proxy:
                  listen:
                    address: 127.0.0.1
                    port: 0
                    threads: 4
                  region: us-east-1
                  tls:
                    directory: %s
                    dns-names: [localhost, xks.keyhold.test]
                """.formatted(dir.resolve("tls"));
    }

    public static String softwareBackend(Path dir) {
        return """
                  backend:
                    type: software
                    software:
                      keystore: %s
                      password: test-password
                """.formatted(dir.resolve("keys.p12"));
    }

    /** The keys of the compliance client's "-a" run, plus a disabled one. */
    public static String complianceKeys() {
        return """
                  keys:
                    - id: foo
                    - id: encrypt_only_key
                      usage: [ENCRYPT]
                    - id: decrypt_only_key
                      usage: [DECRYPT]
                    - id: impotent_key
                      usage: []
                    - id: disabled_key
                      enabled: false
                    - id: bar
                """;
    }

    /** The main store (two credentials), one on the empty prefix, and one more whose id must not work elsewhere. */
    public static String complianceStores() {
        return """
                  stores:
                    - prefix: %s
                      credentials:
                        - access-key-id: %s
                          secret-access-key: %s
                        - access-key-id: %s
                          secret-access-key: %s
                      keys: [foo, encrypt_only_key, decrypt_only_key, impotent_key, disabled_key]
                    - prefix: ""
                      credentials:
                        - access-key-id: %s
                          secret-access-key: %s
                      keys: [bar]
                    - prefix: /other/tenant
                      credentials:
                        - access-key-id: %s
                          secret-access-key: %s
                      keys: [foo]
                """.formatted(PREFIX, ACCESS_KEY_ID, SECRET, ROTATED_ACCESS_KEY_ID, ROTATED_SECRET,
                ROOT_ACCESS_KEY_ID, ROOT_SECRET, OTHER_ACCESS_KEY_ID, OTHER_SECRET);
    }
}
