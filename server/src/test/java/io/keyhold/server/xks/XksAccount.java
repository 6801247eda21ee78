package io.keyhold.server.xks;

/**
 * The accounts the XKS key tests sign as, one per test, so that one test's stores, endpoints and
 * claimed external keys never meet another's. Declared by {@link XksEndToEndTest}.
 */
enum XksAccount {

    ROUND_TRIP,
    TWINS,
    TAMPER,
    EXTERNAL_KEY_CHECKS,
    PROXY_GONE,
    DISCONNECT,
    DELETION;

    String accessKeyId() {
        return "AKIDXKSKEY" + name().replace("_", "");
    }

    /** Twelve digits, distinct per account: 4000000000NN. */
    String accountId() {
        return String.format("4000000000%02d", ordinal() + 1);
    }

    String keyArn(String keyId) {
        return "arn:aws:kms:us-east-1:" + accountId() + ":key/" + keyId;
    }
}
