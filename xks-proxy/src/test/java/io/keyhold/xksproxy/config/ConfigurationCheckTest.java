package io.keyhold.xksproxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyhold.xksproxy.config.XksProxyProperties.Credential;
import io.keyhold.xksproxy.config.XksProxyProperties.Ekm;
import io.keyhold.xksproxy.config.XksProxyProperties.KeyDefinition;
import io.keyhold.xksproxy.config.XksProxyProperties.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigurationCheckTest {

    static final Credential CREDENTIAL = new Credential("BETWEEN2TENAND3TENCHARACTERS",
            "PleaseReplaceThisWithSomeSecretOfLength43To64");

    @Test
    void aMinimalConfigurationIsValid() {
        ConfigurationCheck.requireValid(properties(store("/a", CREDENTIAL)));
    }

    @Test
    void theEmptyPrefixIsValid() {
        ConfigurationCheck.requireValid(properties(store("", CREDENTIAL)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "/", "/a/", "//a", "/a b", "/a.b", "/kms?x"})
    void malformedPrefixesAreRejected(String prefix) {
        assertProblem(properties(store(prefix, CREDENTIAL)), "prefix must be empty or /-separated segments");
    }

    @Test
    void aPrefixLongerThanTheUriPathAllowsIsRejected() {
        assertProblem(properties(store("/" + "a".repeat(117), CREDENTIAL)), "at most 117 characters");
        ConfigurationCheck.requireValid(properties(store("/" + "a".repeat(116), CREDENTIAL)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TOOSHORT234567", "lowercaseaccesskeyid1234", "ACCESSKEYWITHDIGIT18IS", "A234567890123456789012345678901"})
    void accessKeyIdsOutsideTheKmsPatternAreRejected(String accessKeyId) {
        assertProblem(properties(store("/a", new Credential(accessKeyId, CREDENTIAL.secretAccessKey()))),
                "must be 20-30 characters of A-Z 2-7");
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "has spaces in it but is long enough to pass the length rule",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void secretsOutsideTheKmsPatternAreRejectedWithoutQuotingThem(String secret) {
        XksProxyProperties properties = properties(store("/a", new Credential(CREDENTIAL.accessKeyId(), secret)));
        assertThatThrownBy(() -> ConfigurationCheck.requireValid(properties))
                .hasMessageContaining("must be 43-64 characters")
                .hasMessageNotContaining(secret);
    }

    @Test
    void anAccessKeyIdBelongsToOneStoreOnly() {
        XksProxyProperties properties = properties(store("/a", CREDENTIAL), store("/b", CREDENTIAL));
        assertProblem(properties, "is already used");
    }

    @Test
    void limitsBelowTheSpecMinimumsAreRejected() {
        XksProxyProperties properties = new XksProxyProperties(null, null, null,
                new XksProxyProperties.Limits(4299, 8191), backend(), null, keys(), List.of(store("/a", CREDENTIAL)));
        assertThatThrownBy(() -> ConfigurationCheck.requireValid(properties))
                .hasMessageContaining("max-plaintext-bytes must be at least 4300")
                .hasMessageContaining("max-aad-bytes must be at least 8192");
    }

    @Test
    void moreThanTenEkmsAreRejected() {
        List<Ekm> ekms = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            ekms.add(new Ekm("e" + i, "m", null));
        }
        XksProxyProperties properties = new XksProxyProperties(null, null, null, null, backend(),
                new XksProxyProperties.Health(null, null, null, null, null, ekms), keys(), List.of(store("/a", CREDENTIAL)));
        assertProblem(properties, "health.ekms must have 1 to 10 entries");
    }

    @Test
    void storesMayOnlyUseDefinedKeys() {
        Store store = new Store("/a", null, List.of(CREDENTIAL), List.of("undefined"), null, null, null, null);
        assertProblem(properties(store), "key 'undefined' is not defined");
    }

    @Test
    void keyIdsThatDifferOnlyInCaseAreRejectedForTheSoftwareKeyStore() {
        XksProxyProperties properties = new XksProxyProperties(null, null, null, null, backend(), null,
                List.of(new KeyDefinition("foo", null, null), new KeyDefinition("FOO", null, null)),
                List.of(store("/a", CREDENTIAL)));
        assertProblem(properties, "differ only in case");
    }

    @Test
    void theHealthTestKeyMayNotBeServedToKms() {
        XksProxyProperties properties = new XksProxyProperties(null, null, null, null, backend(),
                new XksProxyProperties.Health(null, null, null, null, "foo", null), keys(), List.of(store("/a", CREDENTIAL)));
        assertProblem(properties, "health.test-key-id must be a dedicated key");
    }

    @Test
    void aStoreServesRequestsUnlessAFaultIsConfigured() {
        assertThat(store("/a", CREDENTIAL).fault()).isEqualTo(XksProxyProperties.Fault.NONE);
    }

    @Test
    void tlsIsOnUnlessDisabled() {
        assertThat(new XksProxyProperties(null, null, null, null, null, null, null, null).tls().enabled()).isTrue();
    }

    @Test
    void plainHttpCannotRequireClientCertificates() {
        XksProxyProperties properties = new XksProxyProperties(null, null,
                tls(false, null, new XksProxyProperties.MutualTls(true, null, List.of("client")), null),
                null, backend(), null, keys(), List.of(store("/a", CREDENTIAL)));
        assertProblem(properties, "tls.mtls.enabled needs TLS");
    }

    @Test
    void plainHttpIgnoresTheOtherTlsSettings() {
        ConfigurationCheck.requireValid(new XksProxyProperties(null, null, tls(false, Path.of("chain.pem"), null, null),
                null, backend(), null, keys(), List.of(store("/a", CREDENTIAL))));
    }

    @Test
    void onlyTheLocalCaCertificateCanBeExported() {
        XksProxyProperties properties = new XksProxyProperties(null, null,
                tls(true, Path.of("chain.pem"), null, Path.of("ca.crt")), null, backend(), null, keys(),
                List.of(store("/a", CREDENTIAL)));
        assertProblem(properties, "tls.export-ca-certificate copies the local CA's certificate");
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        XksProxyProperties properties = new XksProxyProperties(null, " ", null, null,
                new XksProxyProperties.Backend(null, null, null), null, keys(), List.of());
        assertThatThrownBy(() -> ConfigurationCheck.requireValid(properties))
                .hasMessageContaining("region must be set")
                .hasMessageContaining("backend.software.password must be set")
                .hasMessageContaining("at least one entry in stores");
    }

    @Test
    void propertiesNeverPrintSecrets() {
        assertThat(CREDENTIAL.toString()).doesNotContain(CREDENTIAL.secretAccessKey());
        assertThat(backend().software().toString()).doesNotContain("pw");
        assertThat(new XksProxyProperties.Pkcs11(null, "t", "1234", null, false).toString()).doesNotContain("1234");
    }

    private static void assertProblem(XksProxyProperties properties, String problem) {
        assertThatThrownBy(() -> ConfigurationCheck.requireValid(properties))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(problem);
    }

    private static XksProxyProperties properties(Store... stores) {
        return new XksProxyProperties(null, null, null, null, backend(), null, keys(), List.of(stores));
    }

    private static XksProxyProperties.Tls tls(boolean enabled, Path certificateChain, XksProxyProperties.MutualTls mtls,
            Path exportCaCertificate) {
        return new XksProxyProperties.Tls(null, null, null, certificateChain,
                certificateChain != null ? Path.of("key.pem") : null, mtls, enabled, exportCaCertificate);
    }

    private static XksProxyProperties.Backend backend() {
        return new XksProxyProperties.Backend(null, new XksProxyProperties.Software(null, "pw"), null);
    }

    private static List<KeyDefinition> keys() {
        return List.of(new KeyDefinition("foo", null, null));
    }

    private static Store store(String prefix, Credential credential) {
        return new Store(prefix, null, List.of(credential), List.of("foo"), null, Duration.ZERO, null, null);
    }
}
