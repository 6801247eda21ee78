package io.keyhold.api.keystore;

/**
 * What the last periodic health check of a connected store found. It never changes the
 * ConnectionState: CONNECTED only means "connected and not disconnected on purpose", as in KMS.
 */
public enum KeyStoreHealth {
    /** Every HSM or external key manager instance is active. */
    HEALTHY,
    /** Some instances are degraded or unavailable, but the backing store still serves. */
    DEGRADED,
    /** No instance can serve (an XKS proxy reports every external key manager UNAVAILABLE; no active HSM). */
    UNAVAILABLE,
    /** The backing store could not be checked at all; the event's {@code problem} says why. */
    UNREACHABLE
}
