package io.keyhold.api.keystore;

import java.time.Instant;

/** One DescribeCustomKeyStores entry; never holds a secret. */
public record CustomKeyStoreSummary(
        String customKeyStoreId,
        String customKeyStoreName,
        CustomKeyStoreType customKeyStoreType,
        ConnectionState connectionState,
        ConnectionErrorCode connectionErrorCode,
        Instant creationDate,
        String cloudHsmClusterId,
        String trustAnchorCertificate,
        XksProxySettings xksProxy) {
}
