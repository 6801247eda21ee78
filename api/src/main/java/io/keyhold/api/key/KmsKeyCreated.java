package io.keyhold.api.key;

import java.time.Instant;

/**
 * A KMS key was created ENABLED in a custom key store. {@code materialRef} names Keyhold-held key
 * material (the inner key of an XKS key) in the key material table, null when the backing key
 * lives only in the HSM; never the material itself. {@code policy} is the key policy document.
 */
public record KmsKeyCreated(
        String keyId,
        String keyArn,
        String accountId,
        String customKeyStoreId,
        KeyOrigin origin,
        String cloudHsmClusterId,
        String xksKeyId,
        String description,
        String policy,
        String materialRef,
        Instant creationDate) {
}
