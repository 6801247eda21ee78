package io.keyhold.api.key;

/** ListAliases: the account's aliases by name, optionally only those of one key; answers {@link AliasPage}. */
public record ListAliasesQuery(String accountId, String keyId, int limit, String marker) {
}
