package io.keyhold.connector.hsm;

/**
 * What KMS learns about a cluster from CloudHSM's DescribeClusters: whether it is active, its
 * HSMs, the cluster certificate that the customer's trust anchor signed, and the account that
 * owns it ({@code null}: any account may use it, as the embedded default cluster).
 */
public record HsmClusterInfo(
        String clusterId,
        boolean active,
        int activeHsms,
        int activeHsmAvailabilityZones,
        String clusterCertificatePem,
        String ownerAccountId) {

    /**
     * The facts configuration declares for a cluster: an inactive cluster has no active HSM, and
     * the HSMs cannot span more zones than there are HSMs.
     */
    public static HsmClusterInfo declared(String clusterId, boolean active, int hsms, int availabilityZones,
                                          String clusterCertificatePem, String ownerAccountId) {
        int activeHsms = active ? hsms : 0;
        return new HsmClusterInfo(clusterId, active, activeHsms, Math.min(activeHsms, availabilityZones),
                clusterCertificatePem, ownerAccountId);
    }

    /** A cluster of another account does not exist for the caller, as in CloudHSM. */
    public boolean isVisibleTo(String accountId) {
        return ownerAccountId == null || ownerAccountId.equals(accountId);
    }

    /** Clusters that share backup history share this certificate, hence this fingerprint. */
    public String clusterCertificateFingerprint() {
        return Certificates.fingerprint(Certificates.parse(clusterCertificatePem));
    }

    /** True if {@code trustAnchorPem} is a certificate whose key signed the cluster certificate. */
    public boolean isTrustAnchor(String trustAnchorPem) {
        return Certificates.isSignedBy(Certificates.parse(clusterCertificatePem), trustAnchorPem);
    }
}
