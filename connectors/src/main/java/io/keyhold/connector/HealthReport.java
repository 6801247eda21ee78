package io.keyhold.connector;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.KeyStoreHealth;

/** The result of one health check of a backing key store. */
public record HealthReport(KeyStoreHealth health, ConnectionErrorCode problem) {

    public static final HealthReport HEALTHY = new HealthReport(KeyStoreHealth.HEALTHY, null);

    public static HealthReport unreachable(ConnectionErrorCode problem) {
        return new HealthReport(KeyStoreHealth.UNREACHABLE, problem);
    }
}
