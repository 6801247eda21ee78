package io.keyhold.connector.software;

/**
 * A built-in software HSM cluster as declared in configuration. {@code hsms} active HSMs are
 * spread over {@code availabilityZones} zones; {@code initialKmsUserPassword} is kmsuser's
 * password the first time the cluster is started. {@code ownerAccountId} is the account the
 * cluster belongs to, or null when every account may use it.
 */
public record SoftwareHsmClusterSettings(
        String clusterId,
        String initialKmsUserPassword,
        int hsms,
        int availabilityZones,
        boolean active,
        String ownerAccountId) {
}
