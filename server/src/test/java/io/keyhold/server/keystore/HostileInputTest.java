package io.keyhold.server.keystore;

import static io.keyhold.server.keystore.RawKmsHttp.AMZ_JSON;
import static io.keyhold.server.keystore.TestAccount.HOSTILE;
import static io.keyhold.server.keystore.TestAccount.HOSTILE_NAMES;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

/**
 * Hostile requests get a KMS error (4xx, {@code {"__type","message"}}, a request id), never a 5xx,
 * an HTML page or a stack trace, and they change nothing; the limits are the defaults of
 * {@code keyhold.limits.*}.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileInputTest extends KeyholdEndToEndTest {

    private static final int MAX_REQUEST_BYTES = 256 * 1024;
    private static final String TARGET = "TrentService.DescribeCustomKeyStores";

    @Test
    void bodyOverTheLimitIsRequestEntityTooLargeWithStatus413() {
        HttpResponse<String> response = post(AMZ_JSON, padded(MAX_REQUEST_BYTES + 1));
        assertError(response, 413, "RequestEntityTooLargeException");
        assertThat(message(response)).isEqualTo("The request body is larger than 262144 bytes.");
    }

    @Test
    void chunkedBodyOverTheLimitIsRejectedAfterReadingOnlyTheLimit() {
        RawKmsHttp raw = raw();
        byte[] body = padded(4 * MAX_REQUEST_BYTES);
        HttpResponse<String> response = raw.send(HttpRequest.newBuilder(raw.uri("/"))
                .header("Content-Type", AMZ_JSON)
                .header("X-Amz-Target", TARGET)
                // the size is checked before the signature, so this one need not be valid
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + HOSTILE.accessKeyId()
                        + "/20261204/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=00")
                // no length known in advance: sent chunked, so only reading can tell the size
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build());
        assertError(response, 413, "RequestEntityTooLargeException");
    }

    @Test
    void bodyOfExactlyTheLimitIsServed() {
        HttpResponse<String> response = post(AMZ_JSON, padded(MAX_REQUEST_BYTES));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void onlyAmzJsonIsTheKmsProtocol() {
        for (String contentType : new String[] {"application/json", "text/plain", "application/x-amz-json-1.0",
                "application/x-www-form-urlencoded", "not a media type"}) {
            HttpResponse<String> response = post(contentType, "{}".getBytes(StandardCharsets.UTF_8));
            assertError(response, 400, "UnknownOperationException");
            assertThat(message(response)).as(contentType).contains("application/x-amz-json-1.1");
        }
        assertError(post(null, "{}".getBytes(StandardCharsets.UTF_8)), 400, "UnknownOperationException");
        HttpResponse<String> withCharset = post("application/x-amz-json-1.1; charset=utf-8",
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(withCharset.statusCode()).as(withCharset.body()).isEqualTo(200);
    }

    @Test
    void nestingDeeperThanTheLimitIsSerializationException() {
        HttpResponse<String> tooDeep = post(AMZ_JSON, utf8("{\"Ignored\":" + "[".repeat(16) + "]".repeat(16) + "}"));
        assertError(tooDeep, 400, "SerializationException");
        assertThat(message(tooDeep)).isEqualTo("The request body nests deeper than 16 levels.");
        HttpResponse<String> deepest = post(AMZ_JSON, utf8("{\"Ignored\":" + "[".repeat(15) + "]".repeat(15) + "}"));
        assertThat(deepest.statusCode()).as(deepest.body()).isEqualTo(200);
        HttpResponse<String> hugelyDeep = post(AMZ_JSON, utf8("[".repeat(100_000)));
        assertError(hugelyDeep, 400, "SerializationException");
    }

    @Test
    void stringsAndNumbersLongerThanTheLimitsAreSerializationException() {
        HttpResponse<String> longString = post(AMZ_JSON, utf8("{\"Marker\":\"" + "m".repeat(140_001) + "\"}"));
        assertError(longString, 400, "SerializationException");
        assertThat(message(longString)).isEqualTo("The request body has a string or member name longer than 140000 characters.");
        HttpResponse<String> longName = post(AMZ_JSON, utf8("{\"" + "n".repeat(140_001) + "\":1}"));
        assertError(longName, 400, "SerializationException");
        HttpResponse<String> longNumber = post(AMZ_JSON, utf8("{\"Limit\":" + "9".repeat(65) + "}"));
        assertError(longNumber, 400, "SerializationException");
        assertThat(message(longNumber)).isEqualTo("The request body has a number longer than 64 characters.");
        HttpResponse<String> hugeExponent = post(AMZ_JSON, utf8("{\"Limit\":1e999999999}"));
        assertError(hugeExponent, 400, "SerializationException");
    }

    @Test
    void invalidUtf8IsSerializationException() {
        List<byte[]> invalid = List.of(
                new byte[] {'{', '"', 'M', 'a', 'r', 'k', 'e', 'r', '"', ':', '"', (byte) 0xC3, '(', '"', '}'},
                // overlong encoding of U+0000
                new byte[] {'{', '"', 'M', 'a', 'r', 'k', 'e', 'r', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'},
                // a UTF-16 surrogate encoded as if it were a character (CESU-8)
                new byte[] {'{', '"', 'M', 'a', 'r', 'k', 'e', 'r', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
                // UTF-16 is not the protocol's encoding
                "{\"Limit\":1}".getBytes(StandardCharsets.UTF_16));
        for (byte[] body : invalid) {
            HttpResponse<String> response = post(AMZ_JSON, body);
            assertError(response, 400, "SerializationException");
        }
        assertThat(message(post(AMZ_JSON, invalid.get(0)))).isEqualTo("The request body is not valid UTF-8.");
    }

    @Test
    void stringsKeyholdCannotStoreExactlyAreRejectedBeforeAnythingIsWritten() {
        for (String name : new String[] {"\\u0000", "a\\u0000b", "\\ud800", "x\\udc00y", "\\ude00\\ud83d"}) {
            HttpResponse<String> response = raw().call(HOSTILE, "CreateCustomKeyStore", """
                    {"CustomKeyStoreName": "%s", "CloudHsmClusterId": "%s", "TrustAnchorCertificate": %s,
                     "KeyStorePassword": "%s"}""".formatted(name, LOCAL_CLUSTER, quote(trustAnchor(LOCAL_CLUSTER)),
                    INITIAL_KMSUSER_PASSWORD));
            assertError(response, 400, "SerializationException");
        }
        HttpResponse<String> nulKey = raw().call(HOSTILE, "Encrypt", """
                {"KeyId": "alias/none", "Plaintext": "AAAA", "EncryptionContext": {"a\\u0000": "b"}}""");
        assertError(nulKey, 400, "SerializationException");
        HttpResponse<String> nulId = raw().call(HOSTILE, "ConnectCustomKeyStore", "{\"CustomKeyStoreId\": \"cks-\\u0000\"}");
        assertError(nulId, 400, "SerializationException");
        assertThat(kms(HOSTILE).describeCustomKeyStores(r -> { }).customKeyStores()).isEmpty();
    }

    @Test
    void namesAreStoredAndComparedExactlyWithoutUnicodeNormalisation() {
        String composed = Normalizer.normalize("caf\u00e9-store", Normalizer.Form.NFC);
        String decomposed = Normalizer.normalize("caf\u00e9-store", Normalizer.Form.NFD);
        String controls = "tab\there\u0001\u001f\u007f\u200b";
        String astral = "\ud83d\udd10".repeat(256);
        assertThat(composed).isNotEqualTo(decomposed);
        for (String name : List.of(composed, decomposed, controls, astral)) {
            createPublicXksStore(HOSTILE_NAMES, name, uniqueEndpoint("names"), XKS_PATH);
        }
        for (String name : List.of(composed, decomposed, controls, astral)) {
            List<CustomKeyStoresListEntry> found = kms(HOSTILE_NAMES)
                    .describeCustomKeyStores(r -> r.customKeyStoreName(name)).customKeyStores();
            assertThat(found).hasSize(1);
            assertThat(found.get(0).customKeyStoreName()).isEqualTo(name);
        }
        // 256 code points is the limit: the 257th is one too many, though it is 514 UTF-16 units
        HttpResponse<String> tooLong = raw().call(HOSTILE_NAMES, "DescribeCustomKeyStores",
                "{\"CustomKeyStoreName\": \"" + astral + "\ud83d\udd10\"}");
        assertError(tooLong, 400, "ValidationException");
    }

    @Test
    void theContainersErrorPageIsAnUnknownOperationToo() {
        RawKmsHttp raw = raw();
        assertError(raw.send(HttpRequest.newBuilder(raw.uri("/error")).GET().build()), 400, "UnknownOperationException");
        assertError(raw.send(HttpRequest.newBuilder(raw.uri("/error")).header("Content-Type", AMZ_JSON)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()), 400, "UnknownOperationException");
    }

    @Test
    void trailingContentAndDuplicateMembersAreSerializationException() {
        assertError(post(AMZ_JSON, utf8("{} {}")), 400, "SerializationException");
        assertError(post(AMZ_JSON, utf8("{\"Limit\": 1} trailing")), 400, "SerializationException");
        assertError(post(AMZ_JSON, utf8("{\"Limit\": 1, \"Limit\": 2}")), 400, "SerializationException");
    }

    @Test
    void oversizedHeadersGetAKmsErrorFromTheContainer() throws IOException {
        String request = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + AMZ_JSON + "\r\n"
                + "X-Amz-Target: " + TARGET + "\r\nX-Padding: " + "p".repeat(20_000) + "\r\n"
                + "Content-Length: 2\r\nConnection: close\r\n\r\n{}";
        String response;
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int split = response.indexOf("\r\n\r\n");
        String head = response.substring(0, split).toLowerCase();
        String body = response.substring(split + 4);
        assertThat(head).startsWith("http/1.1 400");
        assertThat(head).contains("content-type: application/x-amz-json-1.1");
        assertThat(head).containsPattern("x-amzn-requestid: [0-9a-f-]{36}");
        assertThat(head).contains("x-amzn-errortype: serializationexception");
        JsonNode error = new ObjectMapper().readTree(body);
        assertThat(error.get("__type").textValue()).isEqualTo("SerializationException");
        assertThat(error.get("message").textValue()).isEqualTo("The request headers are larger than the server accepts.");
    }

    @Test
    void rejectedRequestsAreLoggedOnTheSecurityLogWithoutTheirContent(CapturedOutput output) {
        String secret = "do-not-log-" + UUID.randomUUID();
        HttpResponse<String> response = post(AMZ_JSON, utf8("{\"Marker\":\"" + secret + "\\u0000\"}"));
        assertError(response, 400, "SerializationException");
        String requestId = response.headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertThat(output.getOut()).containsPattern("io\\.keyhold\\.security\\s*:\\s*Rejected request " + requestId
                + " from 127\\.0\\.0\\.1: The request body has a string with the character U\\+0000\\.");
        assertThat(output.getAll()).doesNotContain(secret);
    }

    // ---- helpers

    private HttpResponse<String> post(String contentType, byte[] body) {
        return raw().signedPost(TARGET, HOSTILE.accessKeyId(), contentType, body);
    }

    /** A valid DescribeCustomKeyStores body padded with spaces to exactly {@code size} bytes. */
    private static byte[] padded(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        body[0] = '{';
        body[size - 1] = '}';
        return body;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String message(HttpResponse<String> response) {
        return RawKmsHttp.json(response).get("message").textValue();
    }

    private static String quote(String text) {
        return TextNode.valueOf(text).toString();
    }

    static void assertError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(AMZ_JSON));
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
        JsonNode body = RawKmsHttp.json(response);
        assertThat(body.get("__type").textValue()).isEqualTo(type);
        assertThat(body.get("message").textValue()).isNotBlank();
    }
}
