package io.keyhold.connector.xks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Base64;

/** The JSON and Base64 conventions of the XKS proxy API. */
final class XksJson {

    // Duplicate keys and trailing garbage make an answer ambiguous, so they count as malformed.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Standard Base64 (RFC 4648 section 4) with padding, never URL-safe. */
    static final Base64.Encoder BASE64 = Base64.getEncoder();
    static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

    private XksJson() {
    }

    /** A request body holding the requestMetadata object, null members left out. */
    static ObjectNode request(XksRequestMetadata metadata) {
        ObjectNode requestMetadata = MAPPER.createObjectNode();
        putIfPresent(requestMetadata, "kmsRequestId", metadata.kmsRequestId());
        putIfPresent(requestMetadata, "kmsOperation", metadata.kmsOperation());
        putIfPresent(requestMetadata, "awsPrincipalArn", metadata.awsPrincipalArn());
        putIfPresent(requestMetadata, "kmsKeyArn", metadata.kmsKeyArn());
        ObjectNode request = MAPPER.createObjectNode();
        request.set("requestMetadata", requestMetadata);
        return request;
    }

    static byte[] bytes(JsonNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** The parsed body, or null when it is not one well-formed JSON value. */
    static JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
