package io.keyhold.api.keystore;

public enum ConnectionState {
    CONNECTED,
    CONNECTING,
    FAILED,
    DISCONNECTED,
    DISCONNECTING
}
