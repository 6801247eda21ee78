package io.keyhold.api.key;

import java.time.Instant;
import java.util.List;

public record AliasPage(List<Entry> aliases, String nextMarker, boolean truncated) {

    public record Entry(String aliasName, String accountId, String targetKeyId, Instant creationDate) {
    }
}
