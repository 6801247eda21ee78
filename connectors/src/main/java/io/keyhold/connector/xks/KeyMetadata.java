package io.keyhold.connector.xks;

import java.util.List;

/** A validated GetKeyMetadata answer; CreateKey needs AES_256, ENCRYPT and DECRYPT, and ENABLED. */
public record KeyMetadata(String keySpec, List<String> keyUsage, String keyStatus) {

    public KeyMetadata {
        keyUsage = List.copyOf(keyUsage);
    }
}
