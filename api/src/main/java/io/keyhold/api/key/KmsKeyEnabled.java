package io.keyhold.api.key;

/** The key was enabled; while its store is not connected this is the state it takes on reconnect. */
public record KmsKeyEnabled(String keyId) {
}
