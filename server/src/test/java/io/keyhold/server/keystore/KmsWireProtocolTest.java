package io.keyhold.server.keystore;

import static io.keyhold.server.keystore.RawKmsHttp.AMZ_JSON;
import static io.keyhold.server.keystore.TestAccount.RAW;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** The AWS JSON 1.1 protocol as seen on the wire, without the SDK in between. */
class KmsWireProtocolTest extends KeyholdEndToEndTest {

    private static final String REQUEST_ID = "x-amzn-RequestId";

    @Test
    void successfulCallsAnswerAmzJsonWithARequestIdAndEpochSecondCreationDates() {
        RawKmsHttp raw = raw();
        HttpResponse<String> empty = raw.call(RAW, "DescribeCustomKeyStores", "{}");
        assertSuccess(empty);
        assertThat(RawKmsHttp.json(empty).get("CustomKeyStores").isArray()).isTrue();
        assertThat(RawKmsHttp.json(empty).get("CustomKeyStores")).isEmpty();
        assertThat(RawKmsHttp.json(empty).get("Truncated").isBoolean()).isTrue();
        assertThat(RawKmsHttp.json(empty).get("Truncated").booleanValue()).isFalse();
        assertThat(RawKmsHttp.json(empty).has("NextMarker")).isFalse();

        Instant before = Instant.now();
        HttpResponse<String> created = raw.call(RAW, "CreateCustomKeyStore", """
                {"CustomKeyStoreName": "raw-store", "CloudHsmClusterId": "%s",
                 "TrustAnchorCertificate": %s, "KeyStorePassword": "%s"}"""
                .formatted(LOCAL_CLUSTER, quote(trustAnchor(LOCAL_CLUSTER)), INITIAL_KMSUSER_PASSWORD));
        Instant after = Instant.now();
        assertSuccess(created);
        JsonNode createdBody = RawKmsHttp.json(created);
        assertThat(createdBody.size()).isEqualTo(1);
        String id = createdBody.get("CustomKeyStoreId").textValue();
        assertThat(id).matches("cks-[0-9a-f]{17}");

        HttpResponse<String> described = raw.call(RAW, "DescribeCustomKeyStores", "{\"CustomKeyStoreId\": \"" + id + "\"}");
        assertSuccess(described);
        JsonNode entry = RawKmsHttp.json(described).get("CustomKeyStores").get(0);
        JsonNode creationDate = entry.get("CreationDate");
        assertThat(creationDate.isNumber()).as("CreationDate %s is a JSON number", creationDate).isTrue();
        BigDecimal seconds = creationDate.decimalValue();
        assertThat(seconds).isBetween(BigDecimal.valueOf(before.getEpochSecond() - 1), BigDecimal.valueOf(after.getEpochSecond() + 1));
        assertThat(entry.get("ConnectionState").textValue()).isEqualTo("DISCONNECTED");
        assertThat(entry.has("ConnectionErrorCode")).as("absent members are left out, never null").isFalse();
        assertThat(entry.has("XksProxyConfiguration")).isFalse();
        assertNoNulls(RawKmsHttp.json(described));
        assertThat(described.body()).doesNotContain(INITIAL_KMSUSER_PASSWORD);

        HttpResponse<String> deleted = raw.call(RAW, "DeleteCustomKeyStore", "{\"CustomKeyStoreId\": \"" + id + "\"}");
        assertSuccess(deleted);
        assertThat(RawKmsHttp.json(deleted).isObject()).isTrue();
        assertThat(RawKmsHttp.json(deleted)).isEmpty();
    }

    @Test
    void modeledErrorsAreTypeAndMessageWithTheSameNameInTheErrorTypeHeader() {
        HttpResponse<String> response = raw().call(RAW, "ConnectCustomKeyStore", "{\"CustomKeyStoreId\": \"cks-00000000000000000\"}");
        assertError(response, "CustomKeyStoreNotFoundException");
    }

    @Test
    void unknownOperationIsUnknownOperationException() {
        assertError(raw().signedPost("TrentService.MakeCoffee", RAW.accessKeyId(), "{}"), "UnknownOperationException");
        assertError(raw().signedPost("NotTrentService.DescribeCustomKeyStores", RAW.accessKeyId(), "{}"),
                "UnknownOperationException");
        assertError(raw().signedPost(null, RAW.accessKeyId(), "{}"), "UnknownOperationException");
    }

    @Test
    void otherMethodsAndPathsAreUnknownOperations() {
        RawKmsHttp raw = raw();
        assertError(raw.send(HttpRequest.newBuilder(raw.uri("/")).GET().build()), "UnknownOperationException");
        assertError(raw.send(HttpRequest.newBuilder(raw.uri("/some/path"))
                .header("Content-Type", AMZ_JSON)
                .header("X-Amz-Target", "TrentService.DescribeCustomKeyStores")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build()), "UnknownOperationException");
    }

    @Test
    void bodyThatIsNotJsonIsSerializationException() {
        assertError(raw().call(RAW, "DescribeCustomKeyStores", "this is not json"), "SerializationException");
        assertError(raw().call(RAW, "DescribeCustomKeyStores", "{\"Limit\": 1"), "SerializationException");
    }

    @Test
    void requestWithoutAuthorizationIsMissingAuthenticationToken() {
        assertError(raw().post("TrentService.DescribeCustomKeyStores", null, "{}"), "MissingAuthenticationToken");
    }

    @Test
    void unknownAccessKeyIsUnrecognizedClient() {
        assertError(raw().signedPost("TrentService.DescribeCustomKeyStores", "AKIDNOBODYHASTHIS", "{}"),
                "UnrecognizedClientException");
    }

    @Test
    void everyResponseCarriesItsOwnRequestId() {
        List<HttpResponse<String>> responses = List.of(
                raw().call(RAW, "DescribeCustomKeyStores", "{}"),
                raw().call(RAW, "DescribeCustomKeyStores", "{}"),
                raw().call(RAW, "DisconnectCustomKeyStore", "{\"CustomKeyStoreId\": \"cks-00000000000000000\"}"),
                raw().signedPost("TrentService.Nope", RAW.accessKeyId(), "{}"),
                raw().call(RAW, "DescribeCustomKeyStores", "not json"),
                raw().post("TrentService.DescribeCustomKeyStores", null, "{}"));
        Set<String> ids = new HashSet<>();
        for (HttpResponse<String> response : responses) {
            String id = response.headers().firstValue(REQUEST_ID).orElse(null);
            assertThat(id).as("%s on %s", REQUEST_ID, response.body()).isNotNull();
            assertThat(UUID.fromString(id).toString()).isEqualTo(id);
            ids.add(id);
        }
        assertThat(ids).hasSize(responses.size());
    }

    private static void assertSuccess(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(AMZ_JSON));
        assertThat(response.headers().firstValue(REQUEST_ID)).isPresent();
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).isEmpty();
    }

    private static void assertError(HttpResponse<String> response, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(AMZ_JSON));
        assertThat(response.headers().firstValue(REQUEST_ID)).isPresent();
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(type);
        JsonNode body = RawKmsHttp.json(response);
        assertThat(body.isObject()).isTrue();
        assertThat(iterable(body.fieldNames())).containsExactlyInAnyOrder("__type", "message");
        assertThat(body.get("__type").textValue()).isEqualTo(type);
        assertThat(body.get("message").isTextual()).isTrue();
        assertThat(body.get("message").textValue()).isNotBlank();
    }

    private static void assertNoNulls(JsonNode node) {
        assertThat(node.isNull()).as("a member is sent as null").isFalse();
        node.forEach(KmsWireProtocolTest::assertNoNulls);
    }

    private static <T> List<T> iterable(Iterator<T> iterator) {
        List<T> list = new ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }

    private static String quote(String text) {
        return TextNode.valueOf(text).toString();
    }
}
