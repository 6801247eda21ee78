package io.keyhold.xksproxy.server;

import io.keyhold.xksproxy.api.Operation;
import io.keyhold.xksproxy.store.LogicalStore;

/** Where a request path leads: a store, an operation and, except for health, an external key id. */
public record Route(LogicalStore store, Operation operation, String keyId) {
}
