package io.keyhold.server.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** KMS's combination of key policy and identity policies, for callers in the key's account and in others. */
class KeyAccessRuleTest {

    private static final String OWNER = "111122223333";
    private static final String OTHER = "444455556666";
    private static final String KEY = "arn:aws:kms:us-east-1:" + OWNER + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static final String DEFAULT = keyPolicy("{\"AWS\":\"arn:aws:iam::" + OWNER + ":root\"}", "Allow", "kms:*");
    private static final String ALICE_DIRECT = keyPolicy("{\"AWS\":\"arn:aws:iam::" + OWNER + ":user/alice\"}", "Allow",
            "kms:Encrypt");
    private static final String SHARED = "{\"Statement\":["
            + statementOf("{\"AWS\":\"arn:aws:iam::" + OWNER + ":root\"}", "Allow", "kms:*") + ","
            + statementOf("{\"AWS\":[\"" + OTHER + "\"]}", "Allow", "kms:Encrypt") + "]}";
    private static final String DENY_ALICE = "{\"Statement\":["
            + statementOf("{\"AWS\":\"arn:aws:iam::" + OWNER + ":root\"}", "Allow", "kms:*") + ","
            + statementOf("{\"AWS\":\"arn:aws:iam::" + OWNER + ":user/alice\"}", "Deny", "kms:Encrypt") + "]}";
    private static final String EVERYONE = keyPolicy("\"*\"", "Allow", "kms:Encrypt");
    private static final String NOT_BOB = keyPolicy("{\"AWS\":\"arn:aws:iam::" + OWNER + ":user/bob\"}", "Allow",
            "kms:Encrypt").replace("\"Principal\"", "\"NotPrincipal\"");

    static Stream<Arguments> cases() {
        String alice = "arn:aws:iam::" + OWNER + ":user/alice";
        String bob = "arn:aws:iam::" + OWNER + ":user/bob";
        String otherUser = "arn:aws:iam::" + OTHER + ":user/carol";
        return Stream.of(
                row("default policy delegates to IAM, which allows", DEFAULT, alice, OWNER, Decision.ALLOW, null),
                row("default policy, IAM silent", DEFAULT, alice, OWNER, Decision.IMPLICIT_DENY,
                        Denial.NO_IDENTITY_ALLOW),
                row("IAM Deny beats the key policy", DEFAULT, alice, OWNER, Decision.EXPLICIT_DENY,
                        Denial.IDENTITY_DENY),
                row("key policy naming the user needs no IAM", ALICE_DIRECT, alice, OWNER,
                        Decision.IMPLICIT_DENY, null),
                row("without delegation IAM cannot help", ALICE_DIRECT, bob, OWNER, Decision.ALLOW,
                        Denial.NO_RESOURCE_ALLOW),
                row("key policy Deny beats IAM Allow", DENY_ALICE, alice, OWNER, Decision.ALLOW,
                        Denial.RESOURCE_DENY),
                row("key policy Deny spares others", DENY_ALICE, bob, OWNER, Decision.ALLOW, null),
                row("other account, default policy", DEFAULT, otherUser, OTHER, Decision.ALLOW,
                        Denial.NO_RESOURCE_ALLOW),
                row("other account, shared, IAM allows", SHARED, otherUser, OTHER, Decision.ALLOW, null),
                row("other account, shared, IAM silent", SHARED, otherUser, OTHER, Decision.IMPLICIT_DENY,
                        Denial.NO_IDENTITY_ALLOW),
                row("other account, shared, other action", SHARED, otherUser, OTHER, Decision.ALLOW,
                        Denial.NO_RESOURCE_ALLOW, "kms:Decrypt"),
                row("Principal * still needs IAM across accounts", EVERYONE, otherUser, OTHER,
                        Decision.IMPLICIT_DENY, Denial.NO_IDENTITY_ALLOW),
                row("Principal * grants in the account", EVERYONE, bob, OWNER, Decision.IMPLICIT_DENY, null),
                row("NotPrincipal grants the unnamed", NOT_BOB, alice, OWNER, Decision.IMPLICIT_DENY, null),
                row("NotPrincipal leaves out the named", NOT_BOB, bob, OWNER, Decision.ALLOW,
                        Denial.NO_RESOURCE_ALLOW));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void kmsCombinesKeyPolicyAndIdentity(String name, String keyPolicy, String principal, String callerAccount,
                                         Decision identity, Denial expected, String action) {
        AccessRequest request = new AccessRequest(action, KEY, principal, callerAccount, Map.of());
        PolicyEvaluator.KeyPolicyDecision decision =
                PolicyEvaluator.keyPolicy(PolicyDocument.parse(keyPolicy, PolicyDocument.Kind.KEY), request);
        assertThat(KeyAccessRule.decide(identity, decision, callerAccount.equals(OWNER)))
                .isEqualTo(Optional.ofNullable(expected));
    }

    @ParameterizedTest(name = "a missing key of another account with IAM {0}")
    @MethodSource("missingKeyCases")
    void aMissingKeyOfAnotherAccountLooksUnshared(Decision identity, Denial expected) {
        assertThat(KeyAccessRule.decide(identity, null, false)).contains(expected);
    }

    static Stream<Arguments> missingKeyCases() {
        return Stream.of(Arguments.of(Decision.ALLOW, Denial.NO_RESOURCE_ALLOW),
                Arguments.of(Decision.IMPLICIT_DENY, Denial.NO_IDENTITY_ALLOW),
                Arguments.of(Decision.EXPLICIT_DENY, Denial.IDENTITY_DENY));
    }

    private static Arguments row(String name, String keyPolicy, String principal, String account, Decision identity,
                                 Denial expected) {
        return row(name, keyPolicy, principal, account, identity, expected, "kms:Encrypt");
    }

    private static Arguments row(String name, String keyPolicy, String principal, String account, Decision identity,
                                 Denial expected, String action) {
        return Arguments.of(name, keyPolicy, principal, account, identity, expected, action);
    }

    private static String keyPolicy(String principal, String effect, String action) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + statementOf(principal, effect, action) + "]}";
    }

    private static String statementOf(String principal, String effect, String action) {
        return "{\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":\"" + action
                + "\",\"Resource\":\"*\"}";
    }
}
