package io.keyhold.server.iam;

import java.util.List;

/**
 * A key policy's Principal: {@code "*"} or AWS principals given as ARNs or account ids. An account
 * (its id or its {@code :root} ARN) stands for the whole account and delegates to its IAM policies;
 * service and federated principals are kept but never match a caller of Keyhold.
 */
record Principals(boolean anyone, List<String> aws) {

    static final Principals NONE = new Principals(false, List.of());

    Principals {
        aws = List.copyOf(aws);
    }

    /** Names this very principal, or everyone. */
    boolean namesDirectly(String principalArn) {
        return anyone || aws.contains(principalArn);
    }

    /** Names the whole account, which KMS reads as "the account's IAM policies decide". */
    boolean namesAccount(String accountId) {
        return aws.contains(accountId) || aws.contains(rootArn(accountId));
    }

    static String rootArn(String accountId) {
        return "arn:aws:iam::" + accountId + ":root";
    }
}
