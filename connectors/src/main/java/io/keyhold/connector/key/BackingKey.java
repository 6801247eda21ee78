package io.keyhold.connector.key;

/**
 * What Keyhold recorded about the backing key of one KMS key: the HSM key is labelled
 * {@code keyArn}; an XKS key names its external key {@code xksKeyId} and its Keyhold-held inner
 * key {@code materialRef} in the {@link KeyMaterialStore}. Never holds key material.
 */
public record BackingKey(String keyId, String keyArn, String xksKeyId, String materialRef) {
}
