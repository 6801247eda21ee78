package io.keyhold.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyhold.server.testsupport.KeyholdTestProperties;
import io.keyhold.server.testsupport.KmsClients;
import io.keyhold.server.testsupport.SigV4Signing;
import io.keyhold.sigv4.SigV4;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Every request to the KMS endpoint is checked with SigV4 for service kms in us-east-1: a table of
 * bent requests, each with the exact error AWS's front end sends, over real HTTP; the AWS SDK's
 * signers (header and presigned forms) accepted; temporary credentials with their session token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SigV4AuthenticationTest {

    private static final String CALLER = "AKIDSIGV4";
    private static final String TEMPORARY = "ASIATEMPORARY";
    private static final String TEMPORARY_TOKEN = "token-of-the-temporary-credential";
    private static final String EXPIRED = "ASIAEXPIRED";
    private static final String EXPIRED_TOKEN = "token-of-the-expired-credential";
    private static final String TARGET = "TrentService.DescribeCustomKeyStores";
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);
    private static final String MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    private static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void keyhold(DynamicPropertyRegistry registry) throws IOException {
        KeyholdTestProperties.isolated(registry, Files.createTempDirectory("keyhold-sigv4"));
        KeyholdTestProperties.defaultCredential(registry);
        KeyholdTestProperties.credential(registry, 1, CALLER, "600000000001");
        KeyholdTestProperties.credential(registry, 2, TEMPORARY, "600000000002");
        registry.add("keyhold.credentials[2].session-token", () -> TEMPORARY_TOKEN);
        registry.add("keyhold.credentials[2].expires-at", () -> Instant.now().plus(Duration.ofHours(6)).toString());
        KeyholdTestProperties.credential(registry, 3, EXPIRED, "600000000003");
        registry.add("keyhold.credentials[3].session-token", () -> EXPIRED_TOKEN);
        registry.add("keyhold.credentials[3].expires-at", () -> "2020-01-01T00:00:00Z");
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    /** One bent request and the error it must get. */
    record Case(String name, Function<Integer, HttpRequest> request, String error, Consumer<String> message) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> tamperedRequests() {
        Instant now = Instant.now();
        return Stream.of(
                new Case("no Authorization at all", port -> unsigned(port, Map.of()),
                        "MissingAuthenticationToken", is("Request is missing Authentication Token")),
                new Case("an Authorization of another scheme", port -> unsigned(port, Map.of("Authorization", "Basic dGVzdDp0ZXN0")),
                        "MissingAuthenticationToken", is("Request is missing Authentication Token")),
                new Case("tampered body", port -> send(port, signedHeaders(port, SigV4Signing.as(CALLER)), "{ }"),
                        "InvalidSignatureException", is(MISMATCH)),
                new Case("tampered signed header", port -> send(port,
                        replace(signedHeaders(port, SigV4Signing.as(CALLER)), "X-Amz-Target", "TrentService.ListKeys"), "{}"),
                        "InvalidSignatureException", is(MISMATCH)),
                new Case("wrong secret", port -> send(port, signedHeaders(port, SigV4Signing.as(CALLER).withSecret("guessed")), "{}"),
                        "InvalidSignatureException", is(MISMATCH)),
                new Case("host not signed", port -> send(port, editAuthorization(signedHeaders(port, SigV4Signing.as(CALLER)),
                        a -> a.replace("SignedHeaders=content-type;host;", "SignedHeaders=content-type;")), "{}"),
                        "InvalidSignatureException", is("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")),
                new Case("signed 20 minutes ago", port -> send(port,
                        signedHeaders(port, SigV4Signing.as(CALLER).at(now.minus(Duration.ofMinutes(20)))), "{}"),
                        "InvalidSignatureException", m -> assertThat(m)
                                .startsWith("Signature expired: " + SigV4.amzDate(now.minus(Duration.ofMinutes(20)))
                                        + " is now earlier than ")
                                .endsWith(" - 15 min.)")),
                new Case("signed 20 minutes ahead", port -> send(port,
                        signedHeaders(port, SigV4Signing.as(CALLER).at(now.plus(Duration.ofMinutes(20)))), "{}"),
                        "InvalidSignatureException", m -> assertThat(m)
                                .startsWith("Signature not yet current: " + SigV4.amzDate(now.plus(Duration.ofMinutes(20)))
                                        + " is still later than ")
                                .endsWith(" + 15 min.)")),
                new Case("scope date is not the X-Amz-Date day", port -> {
                    Map<String, String> headers = signedHeaders(port, SigV4Signing.as(CALLER).at(now));
                    String day = headers.get("X-Amz-Date").substring(0, 8);
                    return send(port, editAuthorization(headers, a -> a.replace("/" + day + "/", "/20200101/")), "{}");
                }, "InvalidSignatureException", m -> assertThat(m).matches(
                        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                                + "'20200101' != '\\d{8}', from '\\d{8}T\\d{6}Z'\\.")),
                new Case("wrong region", port -> send(port,
                        signedHeaders(port, SigV4Signing.as(CALLER).withScope("eu-west-1", "kms")), "{}"),
                        "InvalidSignatureException", is("Credential should be scoped to a valid region, not 'eu-west-1'.")),
                new Case("wrong service", port -> send(port,
                        signedHeaders(port, SigV4Signing.as(CALLER).withScope("us-east-1", "dynamodb")), "{}"),
                        "InvalidSignatureException", is("Credential should be scoped to correct service: 'kms'.")),
                new Case("wrong terminator", port -> send(port, editAuthorization(signedHeaders(port, SigV4Signing.as(CALLER)),
                        a -> a.replace("/aws4_request", "/aws5_request")), "{}"),
                        "InvalidSignatureException",
                        is("Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.")),
                new Case("unknown access key", port -> send(port, signedHeaders(port, SigV4Signing.as("AKIDNOBODYHASTHIS")), "{}"),
                        "UnrecognizedClientException", is("The security token included in the request is invalid.")),
                new Case("truncated Authorization", port -> send(port, editAuthorization(signedHeaders(port, SigV4Signing.as(CALLER)),
                        a -> a.substring(0, a.indexOf(','))), "{}"),
                        "IncompleteSignature", m -> assertThat(m)
                                .startsWith("Authorization header requires 'Signature' parameter. "
                                        + "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential="
                                        + CALLER + "/")),
                new Case("no X-Amz-Date", port -> {
                    Map<String, String> headers = signedHeaders(port, SigV4Signing.as(CALLER));
                    headers.remove("X-Amz-Date");
                    return send(port, headers, "{}");
                }, "IncompleteSignature", m -> assertThat(m).startsWith(
                        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=")),
                new Case("X-Amz-Date not in basic format", port -> send(port,
                        replace(signedHeaders(port, SigV4Signing.as(CALLER)), "X-Amz-Date", "2026-12-04T10:00:00Z"), "{}"),
                        "IncompleteSignature", is("Date must be in ISO-8601 'basic format'. Got '2026-12-04T10:00:00Z'. "
                                + "See http://en.wikipedia.org/wiki/ISO_8601")),
                new Case("a part without a value", port -> send(port, editAuthorization(signedHeaders(port, SigV4Signing.as(CALLER)),
                        a -> "AWS4-HMAC-SHA256 Credential"), "{}"),
                        "IncompleteSignature", is("'Credential' not a valid key=value pair (missing equal-sign) in "
                                + "Authorization header: 'AWS4-HMAC-SHA256 Credential'.")),
                new Case("credential of four parts", port -> send(port, editAuthorization(signedHeaders(port, SigV4Signing.as(CALLER)),
                        a -> a.replace("/us-east-1/kms/", "/us-east-1/")), "{}"),
                        "IncompleteSignature", m -> assertThat(m).matches("Credential must have exactly 5 "
                                + "slash-delimited elements, e.g. keyid/date/region/service/term, got '"
                                + CALLER + "/\\d{8}/us-east-1/aws4_request'")),
                new Case("another algorithm", port -> send(port, editAuthorization(signedHeaders(port, SigV4Signing.as(CALLER)),
                        a -> a.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512")), "{}"),
                        "IncompleteSignature", is("Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). ")),
                new Case("temporary credential without its session token", port -> send(port,
                        signedHeaders(port, SigV4Signing.as(TEMPORARY)), "{}"),
                        "UnrecognizedClientException", is("The security token included in the request is invalid")),
                new Case("temporary credential with another session token", port -> send(port,
                        signedHeaders(port, SigV4Signing.as(TEMPORARY).withSessionToken("forged-token")), "{}"),
                        "UnrecognizedClientException", is("The security token included in the request is invalid")),
                new Case("session token on a long-term key", port -> send(port,
                        signedHeaders(port, SigV4Signing.as(CALLER).withSessionToken(TEMPORARY_TOKEN)), "{}"),
                        "UnrecognizedClientException", is("The security token included in the request is invalid")),
                new Case("expired temporary credential", port -> send(port,
                        signedHeaders(port, SigV4Signing.as(EXPIRED).withSessionToken(EXPIRED_TOKEN)), "{}"),
                        "ExpiredTokenException", is("The security token included in the request is expired")),
                new Case("expired presigned request", port -> presigned(port,
                        SigV4Signing.as(CALLER).at(now.minus(Duration.ofMinutes(10))), Duration.ofMinutes(5), "{}"),
                        "InvalidSignatureException", m -> assertThat(m)
                                .startsWith("Signature expired: " + SigV4.amzDate(now.minus(Duration.ofMinutes(10)))
                                        + " is now earlier than ")
                                .endsWith(" - 300 sec.)")),
                new Case("presigned request with a tampered body", port -> presigned(port, SigV4Signing.as(CALLER),
                        Duration.ofMinutes(5), "{\"Limit\": 1}"),
                        "InvalidSignatureException", is(MISMATCH)),
                new Case("presigned request without its signature", port -> {
                    String query = SigV4Signing.as(CALLER).presignedQuery(port, "POST", "/", kmsHeaders(), BODY, Duration.ofMinutes(5));
                    return post(port, "/?" + query.substring(0, query.indexOf("&X-Amz-Signature=")), kmsHeaders(), "{}");
                }, "IncompleteSignature",
                        is("AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.")),
                new Case("presigned and header-signed at once", port -> {
                    String query = SigV4Signing.as(CALLER).presignedQuery(port, "POST", "/", kmsHeaders(), BODY, Duration.ofMinutes(5));
                    return post(port, "/?" + query, signedHeaders(port, SigV4Signing.as(CALLER)), "{}");
                }, "InvalidSignatureException",
                        is("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperedRequests")
    void aBentRequestGetsAwsError(Case bent) {
        HttpResponse<String> response = exchange(bent.request().apply(port));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("__type").textValue()).isEqualTo(bent.error());
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(bent.error());
        bent.message().accept(body.get("message").textValue());
    }

    @Test
    void aHandSignedRequestIsAccepted() {
        assertAccepted(exchange(send(port, signedHeaders(port, SigV4Signing.as(CALLER)), "{}")));
        assertAccepted(exchange(send(port, signedHeaders(port, SigV4Signing.as(CALLER).at(Instant.now().minus(Duration.ofMinutes(14)))), "{}")));
    }

    @Test
    void aTemporaryCredentialIsAcceptedWithItsSessionToken() {
        assertAccepted(exchange(send(port, signedHeaders(port, SigV4Signing.as(TEMPORARY).withSessionToken(TEMPORARY_TOKEN)), "{}")));
        try (KmsClient kms = KmsClients.signingWith(port, AwsSessionCredentials.create(TEMPORARY,
                KeyholdTestProperties.secretOf(TEMPORARY), TEMPORARY_TOKEN))) {
            assertThat(kms.describeCustomKeyStores().customKeyStores()).isEmpty();
        }
    }

    @Test
    void theJavaSdkSignsAndAWrongSecretIsRefused() {
        try (KmsClient kms = KmsClients.forPort(port, CALLER)) {
            assertThat(kms.describeCustomKeyStores().customKeyStores()).isEmpty();
            assertThat(kms.generateRandom(r -> r.numberOfBytes(16)).plaintext().asByteArray()).hasSize(16);
        }
        try (KmsClient kms = KmsClients.signingWith(port, AwsBasicCredentials.create(CALLER, "guessed"))) {
            assertThatThrownBy(kms::describeCustomKeyStores).isInstanceOfSatisfying(KmsException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(MISMATCH);
            });
        }
        try (KmsClient kms = KmsClients.signingWith(port, AwsSessionCredentials.create(EXPIRED,
                KeyholdTestProperties.secretOf(EXPIRED), EXPIRED_TOKEN))) {
            assertThatThrownBy(kms::describeCustomKeyStores).isInstanceOfSatisfying(KmsException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException"));
        }
    }

    @Test
    void requestsSignedByTheSdkSignerAreAcceptedInBothForms() {
        for (AwsV4FamilyHttpSigner.AuthLocation location : AwsV4FamilyHttpSigner.AuthLocation.values()) {
            SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                    .uri(URI.create("http://localhost:" + port + "/"));
            kmsHeaders().forEach(unsigned::putHeader);
            SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> {
                r.identity(AwsSessionCredentialsIdentity.create(TEMPORARY, KeyholdTestProperties.secretOf(TEMPORARY),
                                TEMPORARY_TOKEN))
                        .request(unsigned.build())
                        .payload(ContentStreamProvider.fromByteArray(BODY))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, location);
                if (location == AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING) {
                    r.putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5));
                }
            }).request();
            HttpRequest.Builder request = HttpRequest.newBuilder(signed.getUri()).POST(HttpRequest.BodyPublishers.ofByteArray(BODY));
            signed.headers().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Host")) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            assertAccepted(exchange(request.build()));
        }
    }

    @Test
    void aPresignedRequestIsAcceptedUntilItExpires() {
        assertAccepted(exchange(presigned(port, SigV4Signing.as(CALLER), Duration.ofMinutes(5), "{}")));
        assertAccepted(exchange(presigned(port, SigV4Signing.as(CALLER).at(Instant.now().minus(Duration.ofHours(2))),
                Duration.ofHours(3), "{}")));
    }

    @Test
    void everyFailureIsLoggedWithoutSecretOrSignature(CapturedOutput output) {
        Map<String, String> headers = signedHeaders(port, SigV4Signing.as(CALLER).withSecret("guessed-secret"));
        HttpResponse<String> response = exchange(send(port, headers, "{}"));
        String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
        String signature = headers.get("Authorization").substring(headers.get("Authorization").indexOf("Signature=") + 10);

        String line = output.getOut().lines().filter(l -> l.contains(requestId)).findFirst().orElseThrow();
        assertThat(line).contains("io.keyhold.security", "Authentication failed", "requestId=" + requestId,
                "accessKeyId=" + CALLER, "error=InvalidSignatureException", "source=127.0.0.1");
        assertThat(output.getAll()).doesNotContain("guessed-secret", signature, KeyholdTestProperties.secretOf(CALLER));

        HttpResponse<String> anonymous = exchange(unsigned(port, Map.of()));
        String anonymousId = anonymous.headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertThat(output.getOut().lines().filter(l -> l.contains(anonymousId)).findFirst().orElseThrow())
                .contains("accessKeyId=-", "error=MissingAuthenticationToken", "source=127.0.0.1");
    }

    private static Consumer<String> is(String expected) {
        return message -> assertThat(message).isEqualTo(expected);
    }

    private static Map<String, String> kmsHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-amz-json-1.1");
        headers.put("X-Amz-Target", TARGET);
        return headers;
    }

    private static Map<String, String> signedHeaders(int port, SigV4Signing signing) {
        return new LinkedHashMap<>(signing.headers(port, "POST", "/", kmsHeaders(), BODY));
    }

    private static Map<String, String> replace(Map<String, String> headers, String name, String value) {
        headers.put(name, value);
        return headers;
    }

    private static Map<String, String> editAuthorization(Map<String, String> headers, Function<String, String> edit) {
        return replace(headers, "Authorization", edit.apply(headers.get("Authorization")));
    }

    private static HttpRequest unsigned(int port, Map<String, String> extra) {
        Map<String, String> headers = kmsHeaders();
        headers.putAll(extra);
        return send(port, headers, "{}");
    }

    private static HttpRequest send(int port, Map<String, String> headers, String body) {
        return post(port, "/", headers, body);
    }

    private static HttpRequest presigned(int port, SigV4Signing signing, Duration expires, String body) {
        return post(port, "/?" + signing.presignedQuery(port, "POST", "/", kmsHeaders(), BODY, expires), kmsHeaders(), body);
    }

    private static HttpRequest post(int port, String pathAndQuery, Map<String, String> headers, String body) {
        return SigV4Signing.withHeaders(HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)), headers).build();
    }

    private HttpResponse<String> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertAccepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("CustomKeyStores").isArray()).isTrue();
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }
}
