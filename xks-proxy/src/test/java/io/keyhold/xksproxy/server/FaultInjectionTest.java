package io.keyhold.xksproxy.server;

import static io.keyhold.xksproxy.support.ErrorAssertions.assertXksError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyhold.xksproxy.config.XksProxyProperties.Fault;
import io.keyhold.xksproxy.support.Bodies;
import io.keyhold.xksproxy.support.RunningProxy;
import io.keyhold.xksproxy.support.Signing;
import io.keyhold.xksproxy.support.TestConfigs;
import io.keyhold.xksproxy.support.XksClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code stores[].fault}: every request of a faulty store, health included, is answered with the fault once
 * its signature is verified. One store per fault value, all behind the same proxy over TLS.
 */
class FaultInjectionTest {

    static final String SECRET = "c3RvcmUtc2VjcmV0LW9mLWF0LWxlYXN0LTQzLWNoYXJzISE=";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static RunningProxy proxy;
    static XksClient client;

    @BeforeAll
    static void startProxy() {
        String faultyStores = Arrays.stream(Fault.values()).map(fault -> """
                    - prefix: %s
                      fault: %s
                      credentials: [{access-key-id: %s, secret-access-key: %s}]
                      keys: [foo, disabled_key]
                """.formatted(prefix(fault), fault, accessKeyId(fault), SECRET)).collect(Collectors.joining());
        proxy = RunningProxy.start(dir, TestConfigs.base(dir) + TestConfigs.softwareBackend(dir)
                + TestConfigs.complianceKeys() + TestConfigs.complianceStores() + faultyStores);
        client = XksClient.trusting(proxy.caCertificate());
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    static String prefix(Fault fault) {
        return "/fault/" + fault.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String accessKeyId(Fault fault) {
        return (fault.name().replace("_", "") + "FAULTSTOREKEYABCDEFGHIJ").substring(0, 24);
    }

    static XksClient.Response post(Fault fault, String rest, String body) throws Exception {
        return client.post(proxy.url(prefix(fault) + "/kms/xks/v1/" + rest), body, Signing.kms(accessKeyId(fault), SECRET));
    }

    /** Health, metadata, encrypt and decrypt requests that a store without a fault serves. */
    static List<XksClient.Response> everyOperation(Fault fault) throws Exception {
        XksClient.Response sealed = post(Fault.NONE, "keys/foo/encrypt", Bodies.encrypt(new byte[16], null, false).toString());
        assertThat(sealed.status()).as(sealed.body()).isEqualTo(200);
        return List.of(
                post(fault, "health", Bodies.health()),
                post(fault, "keys/foo/metadata", Bodies.metadata()),
                post(fault, "keys/foo/encrypt", Bodies.encrypt(new byte[16], null, true).toString()),
                post(fault, "keys/foo/decrypt", Bodies.decrypt(sealed, null).toString()));
    }

    @ParameterizedTest
    @CsvSource({
        "ACCESS_DENIED, 403, AccessDeniedException",
        "INTERNAL_ERROR, 500, InternalException",
        "THROTTLING, 429, ThrottlingException",
        "DEPENDENCY_TIMEOUT, 503, DependencyTimeoutException"})
    void everyRequestOfTheStoreGetsTheInjectedError(Fault fault, int status, String errorName) throws Exception {
        for (XksClient.Response response : everyOperation(fault)) {
            assertXksError(response, status, errorName);
            assertThat(response.text("errorMessage")).contains("Injected fault " + fault);
        }
    }

    @Test
    void everyRequestOfAStoreWithMalformedResponsesGetsA200ThatIsNotJson() throws Exception {
        for (XksClient.Response response : everyOperation(Fault.MALFORMED_RESPONSE)) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers().get("content-type")).isEqualTo(List.of("application/json"));
            assertThat(response.body().getBytes(StandardCharsets.US_ASCII)).isEqualTo(XksRequestHandler.MALFORMED_BODY);
            assertThatThrownBy(() -> JSON.readTree(response.body())).isInstanceOf(JsonProcessingException.class);
        }
    }

    @Test
    void withoutAFaultTheStoreServes() throws Exception {
        for (XksClient.Response response : everyOperation(Fault.NONE)) {
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            assertThat(response.json().size()).isPositive();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void theSignatureIsVerifiedBeforeTheFault(Fault fault) throws Exception {
        XksClient.Response response = client.post(proxy.url(prefix(fault) + "/kms/xks/v1/health"), Bodies.health(),
                Signing.kms(accessKeyId(fault), "x" + SECRET));
        assertXksError(response, 401, "AuthenticationFailedException");
        assertXksError(client.post(proxy.url(prefix(fault) + "/kms/xks/v1/nowhere"), Bodies.health(), Signing.none()),
                404, "InvalidUriPathException");
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void theFaultWinsOverInvalidRequestsAndUnknownKeys(Fault fault) throws Exception {
        XksClient.Response invalidBody = post(fault, "keys/foo/encrypt", "{}");
        XksClient.Response unknownKey = post(fault, "keys/bar/metadata", Bodies.metadata());
        XksClient.Response disabledKey = post(fault, "keys/disabled_key/encrypt",
                Bodies.encrypt(new byte[16], null, false).toString());
        for (XksClient.Response response : List.of(invalidBody, unknownKey, disabledKey)) {
            if (fault == Fault.MALFORMED_RESPONSE) {
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.body().getBytes(StandardCharsets.US_ASCII)).isEqualTo(XksRequestHandler.MALFORMED_BODY);
            } else {
                assertThat(response.status()).as(response.body()).isNotIn(200, 400, 404);
                assertThat(response.text("errorMessage")).contains("Injected fault " + fault);
            }
        }
    }

    @Test
    void otherStoresAreUnaffected() throws Exception {
        XksClient.Response health = client.post(proxy.url(TestConfigs.PREFIX + "/kms/xks/v1/health"), Bodies.health(),
                Signing.kms(TestConfigs.ACCESS_KEY_ID, TestConfigs.SECRET));
        assertThat(health.status()).as(health.body()).isEqualTo(200);
    }
}
