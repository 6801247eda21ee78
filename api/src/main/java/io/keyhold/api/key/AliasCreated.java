package io.keyhold.api.key;

import java.time.Instant;

public record AliasCreated(String aliasId, String accountId, String aliasName, String targetKeyId, Instant creationDate) {
}
