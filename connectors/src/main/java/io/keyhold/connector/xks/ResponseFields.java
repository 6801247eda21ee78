package io.keyhold.connector.xks;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the members of a 200 answer, failing with INVALID_RESPONSE and the member's name. */
final class ResponseFields {

    private final XksCall call;
    private final JsonNode object;
    private final String path;

    private ResponseFields(XksCall call, JsonNode object, String path) {
        this.call = call;
        this.object = object;
        this.path = path;
    }

    static ResponseFields parse(XksCall call, byte[] body) throws XksProxyException {
        JsonNode json = XksJson.parse(body);
        if (json == null || !json.isObject()) {
            throw call.invalidResponse("the body is not a JSON object");
        }
        return new ResponseFields(call, json, "");
    }

    String text(String field) throws XksProxyException {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw call.invalidResponse(name(field) + " is not a string");
        }
        return value.textValue();
    }

    String oneOf(String field, Set<String> allowed) throws XksProxyException {
        String value = text(field);
        if (!allowed.contains(value)) {
            throw call.invalidResponse(name(field) + " is none of " + allowed.stream().sorted().toList());
        }
        return value;
    }

    int positiveInt(String field) throws XksProxyException {
        JsonNode value = required(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw call.invalidResponse(name(field) + " is not an integer");
        }
        if (value.intValue() <= 0) {
            throw call.invalidResponse(name(field) + " must be greater than 0, got " + value.intValue());
        }
        return value.intValue();
    }

    List<String> texts(String field, int maxEntries) throws XksProxyException {
        JsonNode array = array(field, 0, maxEntries);
        List<String> texts = new ArrayList<>();
        for (JsonNode entry : array) {
            if (!entry.isTextual()) {
                throw call.invalidResponse(name(field) + " holds an entry that is not a string");
            }
            texts.add(entry.textValue());
        }
        return texts;
    }

    List<ResponseFields> objects(String field, int minEntries, int maxEntries) throws XksProxyException {
        JsonNode array = array(field, minEntries, maxEntries);
        List<ResponseFields> objects = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            String entryPath = name(field) + "[" + i + "]";
            if (!array.get(i).isObject()) {
                throw call.invalidResponse(entryPath + " is not an object");
            }
            objects.add(new ResponseFields(call, array.get(i), entryPath + "."));
        }
        return objects;
    }

    byte[] base64(String field) throws XksProxyException {
        return decode(field, text(field));
    }

    /** The decoded member, or null when it is absent. */
    byte[] optionalBase64(String field) throws XksProxyException {
        return object.hasNonNull(field) ? base64(field) : null;
    }

    private JsonNode array(String field, int minEntries, int maxEntries) throws XksProxyException {
        JsonNode value = required(field);
        if (!value.isArray()) {
            throw call.invalidResponse(name(field) + " is not an array");
        }
        if (value.size() < minEntries || value.size() > maxEntries) {
            throw call.invalidResponse(name(field) + " must have " + minEntries + " to " + maxEntries
                    + " entries, got " + value.size());
        }
        return value;
    }

    private JsonNode required(String field) throws XksProxyException {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            throw call.invalidResponse(name(field) + " is missing");
        }
        return value;
    }

    private byte[] decode(String field, String text) throws XksProxyException {
        try {
            return XksJson.BASE64_DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            throw call.invalidResponse(name(field) + " is not standard Base64");
        }
    }

    private String name(String field) {
        return path + field;
    }
}
