package io.keyhold.server.keystore;

import java.util.List;

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

    AUDITOR("auditor", null, Policies.ALLOW_ALL),

    VALIDATION,
    VALIDATION_PASSWORD,
    VALIDATION_NESTED,

    KEYS,
    KEYS_STATE,
    KEYS_DELETION,
    KEYS_ALIASES,
    KEYS_OTHER,
    KEYS_SECRETS,

    AUTHZ_OWNER,
    AUTHZ_READER("reader", AUTHZ_OWNER, Policies.DESCRIBE_ONLY),
    AUTHZ_NO_ENCRYPT("no-encrypt", AUTHZ_OWNER, Policies.ALLOW_ALL, Policies.DENY_ENCRYPT),
    AUTHZ_HSM_KEYS("hsm-keys", AUTHZ_OWNER, Policies.ALLOW_ALL_BUT_CREATE_KEY, Policies.CREATE_HSM_KEYS_ONLY),
    AUTHZ_PARTNER,
    AUTHZ_PARTNER_APP("app", AUTHZ_PARTNER, Policies.ENCRYPT_ANY_KEY),
    AUTHZ_PARTNER_IDLE("idle", AUTHZ_PARTNER, Policies.DESCRIBE_ONLY);

    private final String principal;
    private final TestAccount account;
    private final List<String> policies;

    TestAccount() {
        this("root", null);
    }

    /** A principal with identity policies, in the account of {@code account} (its own one when null). */
    TestAccount(String principal, TestAccount account, String... policies) {
        this.principal = principal;
        this.account = account;
        this.policies = List.of(policies);
    }

    /** Identity policies of the test principals. */
    static final class Policies {

        static final String ALLOW_ALL = allow("\"kms:*\"", "");
        static final String DESCRIBE_ONLY = allow("\"kms:Describe*\"", "");
        static final String DENY_ENCRYPT = statement("Deny", "\"kms:Encrypt\"", "");
        static final String ALLOW_ALL_BUT_CREATE_KEY =
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"NotAction\":\"kms:CreateKey\","
                        + "\"Resource\":\"*\"}}";
        static final String CREATE_HSM_KEYS_ONLY = allow("\"kms:CreateKey\"",
                ",\"Condition\":{\"StringEquals\":{\"kms:KeyOrigin\":\"AWS_CLOUDHSM\"}}");
        static final String ENCRYPT_ANY_KEY = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Action\":[\"kms:Encrypt\",\"kms:DescribeKey\"],\"Resource\":\"arn:aws:kms:*:*:key/*\"}}";

        private Policies() {
        }

        private static String allow(String action, String condition) {
            return statement("Allow", action, condition);
        }

        private static String statement(String effect, String action, String condition) {
            return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Action\":" + action
                    + ",\"Resource\":\"*\"" + condition + "}]}";
        }
    }

    String accessKeyId() {
        return "AKID" + name().replace("_", "");
    }

    /** Twelve digits, distinct per account: 1000000000NN; a principal declared in another's account shares it. */
    String accountId() {
        return account != null ? account.accountId() : String.format("1000000000%02d", ordinal() + 1);
    }

    List<String> policies() {
        return policies;
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
