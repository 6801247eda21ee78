package io.keyhold.server.wire;

import com.fasterxml.jackson.databind.JsonNode;

// TEMPORARY STUB until the model-driven validator lands
public final class RequestValidator {
    public RequestValidator(KmsServiceModel model) {
    }

    public void validate(String operation, JsonNode body) {
    }
}
