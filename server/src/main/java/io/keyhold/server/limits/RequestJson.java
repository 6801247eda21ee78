package io.keyhold.server.limits;

import io.keyhold.api.error.SerializationException;

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Parses a KMS request body within {@link LimitsProperties}: strict UTF-8, bounded depth and token
 * lengths, one JSON value, no duplicate members, and no string Keyhold could not store exactly
 * (U+0000, which PostgreSQL text cannot hold, or an unpaired surrogate, which has no UTF-8 form).
 * Every failure is a {@link SerializationException}, logged on the security log.
 */
@Component
public class RequestJson {

    private final ObjectMapper json;
    private final LimitsProperties limits;

    public RequestJson(LimitsProperties limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxJsonDepth())
                        .maxStringLength(limits.maxJsonStringLength())
                        .maxNameLength(limits.maxJsonStringLength())
                        .maxNumberLength(limits.maxJsonNumberLength())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.json = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The body as a JSON tree; an empty body is {@code {}}, as the SDKs send for empty inputs. */
    public JsonNode read(byte[] body, HttpServletRequest request) {
        if (body == null || body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode tree = json.readTree(utf8(body));
            String unstorable = unstorable(tree);
            if (unstorable != null) {
                throw reject(request, "The request body has a string with " + unstorable + ".");
            }
            return tree;
        } catch (StreamConstraintsException e) {
            throw reject(request, constraintMessage(e));
        } catch (CharacterCodingException e) {
            throw reject(request, "The request body is not valid UTF-8.");
        } catch (IOException e) {
            throw new SerializationException("The request body is not valid JSON.");
        }
    }

    private static String utf8(byte[] body) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(body))
                .toString();
    }

    /** What makes a string in the tree unstorable, or null; depth is bounded by the parser. */
    private static String unstorable(JsonNode node) {
        if (node.isTextual()) {
            return unstorable(node.textValue());
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String problem = unstorable(entry.getKey());
            if (problem == null) {
                problem = unstorable(entry.getValue());
            }
            if (problem != null) {
                return problem;
            }
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                String problem = unstorable(element);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    private static String unstorable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "the character U+0000";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "an unpaired UTF-16 surrogate";
            }
        }
        return null;
    }

    private String constraintMessage(StreamConstraintsException e) {
        String detail = String.valueOf(e.getOriginalMessage());
        if (detail.contains("nesting depth")) {
            return "The request body nests deeper than " + limits.maxJsonDepth() + " levels.";
        }
        if (detail.contains("Number value length")) {
            return "The request body has a number longer than " + limits.maxJsonNumberLength() + " characters.";
        }
        return "The request body has a string or member name longer than " + limits.maxJsonStringLength()
                + " characters.";
    }

    private static SerializationException reject(HttpServletRequest request, String message) {
        SecurityLog.rejected(request, message);
        return new SerializationException(message);
    }
}
