package io.keyhold.xksproxy.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyhold.xksproxy.api.XksException;
import io.keyhold.xksproxy.support.Signing;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigV4VerifierTest {

    static final String ACCESS_KEY_ID = "BETWEEN2TENAND3TENCHARACTERS";
    static final String SECRET = "PleaseReplaceThisWithSomeSecretOfLength43To64";
    static final Instant NOW = Instant.parse("2024-05-15T10:20:30Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final URI URI_ = URI.create("https://xks.example.com/example/prefix/kms/xks/v1/keys/foo/encrypt");
    static final byte[] BODY = "{\"requestMetadata\":{\"kmsRequestId\":\"1\"}}".getBytes(StandardCharsets.UTF_8);
    static final Function<String, Optional<String>> SECRETS =
            id -> id.equals(ACCESS_KEY_ID) ? Optional.of(SECRET) : Optional.empty();

    final SigV4Verifier verifier = new SigV4Verifier("us-east-1", "kms-xks-proxy", CLOCK);

    /** "get-vanilla" of the AWS Signature Version 4 test suite. */
    @Test
    void acceptsTheAwsTestSuiteVanillaRequest() {
        SigV4Verifier suite = new SigV4Verifier("us-east-1", "service",
                Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC));
        SignedRequest request = new SignedRequest("GET", "/", null, Map.of(
                "Host", List.of("example.amazonaws.com"),
                "X-Amz-Date", List.of("20150830T123600Z"),
                "Authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, "
                        + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")), new byte[0]);
        assertThat(suite.verify(request, id -> Optional.of("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")))
                .isEqualTo("AKIDEXAMPLE");
    }

    @Test
    void acceptsKmsSignaturesOverHostAndDate() {
        Map<String, List<String>> request = signedByLegacySdk(Map.of());
        assertThat(request.get("Authorization").get(0)).contains("SignedHeaders=host;x-amz-date,");
        assertThat(verify(request, BODY)).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void acceptsCurlSignaturesOverContentTypeHostAndDate() {
        Map<String, List<String>> request = signedByLegacySdk(Map.of("Content-Type", "application/json"));
        assertThat(request.get("Authorization").get(0)).contains("SignedHeaders=content-type;host;x-amz-date,");
        assertThat(verify(request, BODY)).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void acceptsSdkSignaturesThatAlsoCoverThePayloadHashHeader() {
        Map<String, List<String>> request = withHost(Signing.sdkV4(ACCESS_KEY_ID, SECRET, CLOCK)
                .sign("POST", URI_, Map.of("Content-Type", "application/json"), BODY));
        request.put("Content-Type", List.of("application/json"));
        assertThat(request.get("Authorization").get(0))
                .contains("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,");
        assertThat(verify(request, BODY)).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void ignoresHeadersThatWereNotSigned() {
        Map<String, List<String>> request = signedByLegacySdk(Map.of());
        request.put("User-Agent", List.of("anything"));
        request.put("Content-Type", List.of("application/json"));
        assertThat(verify(request, BODY)).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void normalizesWhitespaceInSignedHeaderValues() {
        Map<String, List<String>> request = signedByLegacySdk(Map.of("X-Custom", "a b"));
        request.put("X-Custom", List.of("  a    b "));
        assertThat(verify(request, BODY)).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void rejectsAWrongSecret() {
        Map<String, List<String>> request = withHost(Signing.legacySdk(ACCESS_KEY_ID, "x" + SECRET, "us-east-1", CLOCK)
                .sign("POST", URI_, Map.of(), BODY));
        assertRejected(request, BODY, "signature does not match");
    }

    @Test
    void rejectsAnUnknownAccessKeyId() {
        Map<String, List<String>> request = withHost(Signing.legacySdk("UNKNOWNACCESSKEYID2345", SECRET, "us-east-1", CLOCK)
                .sign("POST", URI_, Map.of(), BODY));
        assertRejected(request, BODY, "Unknown access key id");
    }

    @Test
    void rejectsAChangedBody() {
        assertRejected(signedByLegacySdk(Map.of()), "{}".getBytes(StandardCharsets.UTF_8), "signature does not match");
    }

    @Test
    void rejectsAChangedSignedHeader() {
        Map<String, List<String>> request = signedByLegacySdk(Map.of("Content-Type", "application/json"));
        request.put("Content-Type", List.of("text/plain"));
        assertRejected(request, BODY, "signature does not match");
    }

    @Test
    void rejectsAnotherHost() {
        Map<String, List<String>> request = signedByLegacySdk(Map.of());
        request.put("Host", List.of("evil.example.com"));
        assertRejected(request, BODY, "signature does not match");
    }

    @Test
    void rejectsAPayloadHashHeaderThatDoesNotMatchTheBody() {
        Map<String, List<String>> request = signedByLegacySdk(Map.of());
        request.put("x-amz-content-sha256", List.of("UNSIGNED-PAYLOAD"));
        assertRejected(request, BODY, "x-amz-content-sha256");
    }

    @ParameterizedTest
    @ValueSource(ints = {-301, 301})
    void rejectsDatesMoreThanFiveMinutesAway(int seconds) {
        Clock skewed = Clock.offset(CLOCK, Duration.ofSeconds(seconds));
        Map<String, List<String>> request = withHost(Signing.legacySdk(ACCESS_KEY_ID, SECRET, "us-east-1", skewed)
                .sign("POST", URI_, Map.of(), BODY));
        assertRejected(request, BODY, "more than 5 minutes");
    }

    @ParameterizedTest
    @ValueSource(ints = {-300, 300})
    void acceptsDatesUpToFiveMinutesAway(int seconds) {
        Clock skewed = Clock.offset(CLOCK, Duration.ofSeconds(seconds));
        Map<String, List<String>> request = withHost(Signing.legacySdk(ACCESS_KEY_ID, SECRET, "us-east-1", skewed)
                .sign("POST", URI_, Map.of(), BODY));
        assertThat(verify(request, BODY)).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void rejectsAnotherRegion() {
        Map<String, List<String>> request = withHost(Signing.legacySdk(ACCESS_KEY_ID, SECRET, "eu-west-1", CLOCK)
                .sign("POST", URI_, Map.of(), BODY));
        assertRejected(request, BODY, "region us-east-1");
    }

    @Test
    void rejectsAnotherService() {
        Map<String, List<String>> request = signedByLegacySdk(Map.of());
        String authorization = request.get("Authorization").get(0).replace("/kms-xks-proxy/", "/kms/");
        request.put("Authorization", List.of(authorization));
        assertRejected(request, BODY, "service kms-xks-proxy");
    }

    @Test
    void rejectsSignaturesThatDoNotCoverHostAndDate() {
        Map<String, List<String>> request = signedByLegacySdk(Map.of());
        request.put("Authorization", List.of(request.get("Authorization").get(0).replace("host;x-amz-date", "x-amz-date")));
        assertRejected(request, BODY, "must include host and x-amz-date");
    }

    @Test
    void rejectsUnsortedSignedHeaders() {
        Map<String, List<String>> request = signedByLegacySdk(Map.of());
        request.put("Authorization", List.of(request.get("Authorization").get(0).replace("host;x-amz-date", "x-amz-date;host")));
        assertRejected(request, BODY, "sorted order");
    }

    @Test
    void rejectsASignedHeaderMissingFromTheRequest() {
        Map<String, List<String>> request = signedByLegacySdk(Map.of("Content-Type", "application/json"));
        request.remove("Content-Type");
        assertRejected(request, BODY, "content-type is missing");
    }

    @Test
    void rejectsAScopeDateOtherThanTheRequestDate() {
        Map<String, List<String>> request = signedByLegacySdk(Map.of());
        request.put("Authorization", List.of(request.get("Authorization").get(0).replace("/20240515/", "/20240514/")));
        assertRejected(request, BODY, "scope date");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Basic dXNlcjpwYXNz", "AWS4-HMAC-SHA256 Credential=x",
        "AWS4-HMAC-SHA256 Credential=a/b/c/d/e, SignedHeaders=host;x-amz-date, Signature=00"})
    void rejectsMalformedAuthorizationHeaders(String authorization) {
        Map<String, List<String>> request = signedByLegacySdk(Map.of());
        request.put("Authorization", List.of(authorization));
        assertThatThrownBy(() -> verify(request, BODY)).isInstanceOf(XksException.AuthenticationFailed.class);
    }

    @Test
    void rejectsAMissingAuthorizationHeader() {
        Map<String, List<String>> request = signedByLegacySdk(Map.of());
        request.remove("Authorization");
        assertRejected(request, BODY, "Missing authorization");
    }

    @Test
    void rejectsAMalformedDate() {
        Map<String, List<String>> request = signedByLegacySdk(Map.of());
        request.put("X-Amz-Date", List.of("2024-05-15T10:20:30Z"));
        assertRejected(request, BODY, "yyyyMMddTHHmmssZ");
    }

    private String verify(Map<String, List<String>> headers, byte[] body) {
        return verifier.verify(new SignedRequest("POST", URI_.getRawPath(), null, headers, body), SECRETS);
    }

    private void assertRejected(Map<String, List<String>> headers, byte[] body, String reason) {
        assertThatThrownBy(() -> verify(headers, body))
                .isInstanceOf(XksException.AuthenticationFailed.class)
                .hasMessageContaining(reason);
    }

    private static Map<String, List<String>> signedByLegacySdk(Map<String, String> extraHeaders) {
        Map<String, List<String>> request = withHost(Signing.legacySdk(ACCESS_KEY_ID, SECRET, "us-east-1", CLOCK)
                .sign("POST", URI_, extraHeaders, BODY));
        extraHeaders.forEach((name, value) -> request.put(name, List.of(value)));
        return request;
    }

    private static Map<String, List<String>> withHost(Map<String, List<String>> signedHeaders) {
        Map<String, List<String>> request = new HashMap<>(signedHeaders);
        request.put("Host", List.of(URI_.getHost()));
        return request;
    }
}
