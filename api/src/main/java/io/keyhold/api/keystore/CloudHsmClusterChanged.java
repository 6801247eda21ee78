package io.keyhold.api.keystore;

/** The store now uses a related cluster: one with the same cluster certificate, so the trust anchor stays. */
public record CloudHsmClusterChanged(
        String customKeyStoreId,
        String accountId,
        String cloudHsmClusterId,
        String clusterCertificateFingerprint) {
}
