package io.keyhold.server.key;

/**
 * The accounts the KMS key integration tests act as, each with its own software HSM cluster, so
 * that connecting one account's store never rotates the kmsuser password of another's.
 */
enum KeyAccount {

    FINDER("cluster-keyfinderstore"),
    STRANGER("cluster-keystrangerstr"),
    STATES("cluster-keystatesstore"),
    LISTER("cluster-keyliststore"),
    DELETER("cluster-keydeletestore"),
    EXTERNAL("cluster-keyexternalstr");

    private final String clusterId;

    KeyAccount(String clusterId) {
        this.clusterId = clusterId;
    }

    String clusterId() {
        return clusterId;
    }

    String accessKeyId() {
        return "AKIDKEY" + name();
    }

    /** Twelve digits, distinct per account: 3000000000NN. */
    String accountId() {
        return String.format("3000000000%02d", ordinal() + 1);
    }

    String keyArn(String keyId) {
        return "arn:aws:kms:us-east-1:" + accountId() + ":key/" + keyId;
    }

    String aliasArn(String aliasName) {
        return "arn:aws:kms:us-east-1:" + accountId() + ":" + aliasName;
    }
}
