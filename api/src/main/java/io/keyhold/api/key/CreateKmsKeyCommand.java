package io.keyhold.api.key;

import io.keyhold.api.keystore.CustomKeyStoreType;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Records a KMS key whose backing key already exists: the HSM key labelled with {@code keyArn},
 * or for an XKS key the checked external key and Keyhold's inner key under {@code materialRef}.
 * {@code storeType} is the store's type as the caller saw it CONNECTED; the handler checks it again.
 */
public record CreateKmsKeyCommand(
        @TargetAggregateIdentifier String keyId,
        String keyArn,
        String accountId,
        String customKeyStoreId,
        CustomKeyStoreType storeType,
        KeyOrigin origin,
        String cloudHsmClusterId,
        String xksKeyId,
        String description,
        String policy,
        String materialRef) {
}
