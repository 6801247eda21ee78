package io.keyhold.api.keystore;

/** DescribeCustomKeyStores: at most one of id and name; {@code marker} as issued in a previous page. */
public record FetchCustomKeyStoresQuery(
        String accountId,
        String customKeyStoreId,
        String customKeyStoreName,
        int limit,
        String marker) {
}
