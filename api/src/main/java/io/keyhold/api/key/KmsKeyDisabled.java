package io.keyhold.api.key;

/** The key was disabled; while its store is not connected this is the state it takes on reconnect. */
public record KmsKeyDisabled(String keyId) {
}
