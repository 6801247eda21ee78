package io.keyhold.api.keystore;

import java.util.Objects;

/**
 * A secret that travels inside a command (never inside an event): a kmsuser password or an XKS
 * secret access key. Its string form is redacted so that logging a command cannot leak it.
 */
public record Secret(String value) {

    public Secret {
        Objects.requireNonNull(value, "value");
    }

    public static Secret ofNullable(String value) {
        return value == null ? null : new Secret(value);
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}
