package io.keyhold.api.key;

/** The origins of KMS keys Keyhold holds: keys in custom key stores only. */
public enum KeyOrigin {
    AWS_CLOUDHSM,
    EXTERNAL_KEY_STORE
}
