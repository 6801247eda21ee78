package io.keyhold.connector.pkcs11;

/**
 * An HSM cluster reached through a PKCS#11 library, as declared in configuration. The cluster is
 * the token labelled {@code tokenLabel} in the library at {@code libraryPath}; kmsuser is the
 * token's normal user (CKU_USER) and its password is the user PIN. The token cannot tell us the
 * CloudHSM facts KMS asks for, so configuration gives them: {@code clusterCertificatePem} (the
 * cluster certificate the customer's trust anchor signed), {@code hsms} active HSMs spread over
 * {@code availabilityZones} zones, and {@code ownerAccountId}, the account the cluster belongs to
 * or null when every account may use it. Key operations use at most {@code sessionPoolSize}
 * sessions on the token at once, besides kmsuser's login session.
 */
public record Pkcs11ClusterSettings(
        String clusterId,
        String libraryPath,
        String tokenLabel,
        String clusterCertificatePem,
        int hsms,
        int availabilityZones,
        boolean active,
        String ownerAccountId,
        int sessionPoolSize) {

    public Pkcs11ClusterSettings {
        if (sessionPoolSize < 1) {
            throw new IllegalArgumentException("sessionPoolSize must be at least 1, not " + sessionPoolSize);
        }
    }
}
