package io.keyhold.connector.xks;

/** One external key manager behind the proxy; healthStatus is ACTIVE, DEGRADED or UNAVAILABLE. */
public record EkmInstance(String id, String model, String healthStatus) {
}
