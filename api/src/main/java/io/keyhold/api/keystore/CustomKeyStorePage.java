package io.keyhold.api.keystore;

import java.util.List;

public record CustomKeyStorePage(
        List<CustomKeyStoreSummary> customKeyStores,
        String nextMarker,
        boolean truncated) {
}
