package io.keyhold.server.wire;

import io.keyhold.server.identity.Caller;

import org.axonframework.messaging.MetaData;

import com.fasterxml.jackson.databind.JsonNode;

/** One KMS operation: a validated JSON request in, the JSON response out. */
@FunctionalInterface
public interface KmsOperation {

    JsonNode invoke(JsonNode request, Caller caller, MetaData metadata);
}
