package io.keyhold.api.keystore;

import java.time.Instant;

/**
 * A custom key store was created, DISCONNECTED. {@code credentialRef} names the encrypted
 * kmsuser password or XKS secret access key in Keyhold's secret storage.
 */
public record CustomKeyStoreCreated(
        String customKeyStoreId,
        String accountId,
        String customKeyStoreName,
        CustomKeyStoreType customKeyStoreType,
        Instant creationDate,
        String cloudHsmClusterId,
        String trustAnchorCertificate,
        String clusterCertificateFingerprint,
        XksProxySettings xksProxy,
        String credentialRef) {
}
