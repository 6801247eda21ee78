package io.keyhold.xksproxy.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Checks an error response against the XKS spec's error format. */
public final class ErrorAssertions {

    private ErrorAssertions() {
    }

    /** {@code {"errorName", "errorMessage"}} only, JSON, the status of the name, a printable ASCII message under 512 characters. */
    public static void assertXksError(XksClient.Response response, int status, String errorName) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().get("content-type")).isEqualTo(List.of("application/json"));
        JsonNode body = response.json();
        assertThat(body.fieldNames()).toIterable().containsExactly("errorName", "errorMessage");
        assertThat(body.get("errorName").asText()).isEqualTo(errorName);
        String message = body.get("errorMessage").asText();
        assertThat(message).hasSizeLessThan(512).matches("[\\x20-\\x7e]*");
    }
}
