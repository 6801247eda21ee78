package io.keyhold.api.key;

public record AliasDeleted(String aliasId, String accountId, String aliasName, String targetKeyId) {
}
