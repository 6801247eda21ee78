package io.keyhold.api.keystore;

public enum CustomKeyStoreType {
    AWS_CLOUDHSM,
    EXTERNAL_KEY_STORE
}
