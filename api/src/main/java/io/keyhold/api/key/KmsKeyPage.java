package io.keyhold.api.key;

import java.util.List;

public record KmsKeyPage(List<Entry> keys, String nextMarker, boolean truncated) {

    public record Entry(String keyId, String keyArn) {
    }
}
