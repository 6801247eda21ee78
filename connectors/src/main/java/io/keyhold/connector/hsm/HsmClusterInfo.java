package io.keyhold.connector.hsm;

/**
 * What KMS learns about a cluster from CloudHSM's DescribeClusters: whether it is active, its
 * HSMs, and the cluster certificate that the customer's trust anchor signed.
 */
public record HsmClusterInfo(
        String clusterId,
        boolean active,
        int activeHsms,
        int activeHsmAvailabilityZones,
        String clusterCertificatePem) {

    /** Clusters that share backup history share this certificate, hence this fingerprint. */
    public String clusterCertificateFingerprint() {
        return Certificates.fingerprint(Certificates.parse(clusterCertificatePem));
    }

    /** True if {@code trustAnchorPem} is a certificate whose key signed the cluster certificate. */
    public boolean isTrustAnchor(String trustAnchorPem) {
        return Certificates.isSignedBy(Certificates.parse(clusterCertificatePem), trustAnchorPem);
    }
}
