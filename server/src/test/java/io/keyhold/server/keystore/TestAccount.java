package io.keyhold.server.keystore;

/**
 * The accounts the end-to-end tests sign as, one or more per test so that stores, quotas and
 * uniqueness rules of one test never meet those of another in the shared server. Each is declared
 * as a {@code keyhold.credentials[n]} entry by {@link KeyholdEndToEndTest}.
 */
enum TestAccount {

    LIFECYCLE,
    FAILED_CONNECT,
    RECONNECT,

    PAGES_LIMIT_ONE,
    PAGES_LIMITS,
    PAGES_PAGINATOR,
    PAGES_MARKER_OWNER,
    PAGES_MARKER_THIEF,
    PAGES_FILTERS,

    ERR_NOT_FOUND,
    ERR_NAME,
    ERR_CLUSTER,
    ERR_CLUSTER_IN_USE,
    ERR_CLUSTER_IN_USE_OTHER,
    ERR_QUOTA,
    ERR_XKS_URI,
    ERR_XKS_URI_OTHER,
    ERR_XKS_ENDPOINT,
    ERR_XKS_ENDPOINT_OTHER,
    ERR_VPC_SERVICE,
    ERR_VPC_SERVICE_OTHER,
    ERR_STATE,
    ERR_RELATED_CLUSTER,
    ERR_RACE_NAME,
    ERR_RACE_QUOTA,
    ERR_VALIDATION,

    ISOLATION_OWNER,
    ISOLATION_INTRUDER,
    NAME_TWIN_A,
    NAME_TWIN_B,

    XKS_PUBLIC,
    XKS_VPC,
    XKS_SWITCH,

    RAW,
    HOSTILE,
    HOSTILE_NAMES,
    FUZZ,
    THROTTLED,
    UNTHROTTLED,

    AUDITOR("auditor"),

    VALIDATION,
    VALIDATION_PASSWORD,
    VALIDATION_NESTED,

    KEYS,
    KEYS_STATE,
    KEYS_DELETION,
    KEYS_ALIASES,
    KEYS_OTHER,
    KEYS_SECRETS;

    private final String principal;

    TestAccount() {
        this("root");
    }

    TestAccount(String principal) {
        this.principal = principal;
    }

    String accessKeyId() {
        return "AKID" + name().replace("_", "");
    }

    String secretAccessKey() {
        return "secret-" + name().toLowerCase();
    }

    /** Twelve digits, distinct per account: 1000000000NN. */
    String accountId() {
        return String.format("1000000000%02d", ordinal() + 1);
    }

    String principal() {
        return principal;
    }

    String principalArn() {
        return principal.equals("root")
                ? "arn:aws:iam::" + accountId() + ":root"
                : "arn:aws:iam::" + accountId() + ":user/" + principal;
    }
}
