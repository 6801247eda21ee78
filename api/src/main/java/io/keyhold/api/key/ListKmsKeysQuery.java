package io.keyhold.api.key;

/** ListKeys: the account's keys, oldest first; answers {@link KmsKeyPage}. */
public record ListKmsKeysQuery(String accountId, int limit, String marker) {
}
