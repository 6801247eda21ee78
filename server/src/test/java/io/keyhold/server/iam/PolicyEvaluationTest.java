package io.keyhold.server.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyhold.api.error.MalformedPolicyDocumentException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The policy language, case by case: each row is policies, a request, and IAM's decision. */
class PolicyEvaluationTest {

    private static final String ACCOUNT = "111122223333";
    private static final String USER = "arn:aws:iam::" + ACCOUNT + ":user/alice";
    private static final String KEY = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private static final String OTHER_KEY = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/0987dcba-09fe-87dc-65ba-ab0987654321";

    static Stream<Arguments> identityCases() {
        return Stream.of(
                row("kms:* allows any KMS action", allow("\"kms:*\"", "\"*\""), "kms:Encrypt", KEY, Decision.ALLOW),
                row("* allows everything", allow("\"*\"", "\"*\""), "kms:CreateKey", "*", Decision.ALLOW),
                row("prefix wildcard", allow("\"kms:Describe*\"", "\"*\""), "kms:DescribeKey", KEY, Decision.ALLOW),
                row("prefix wildcard misses", allow("\"kms:Describe*\"", "\"*\""), "kms:CreateCustomKeyStore", "*",
                        Decision.IMPLICIT_DENY),
                row("actions are case-insensitive", allow("\"KMS:encrypt\"", "\"*\""), "kms:Encrypt", KEY, Decision.ALLOW),
                row("? is one character", allow("\"kms:?ncrypt\"", "\"*\""), "kms:Encrypt", KEY, Decision.ALLOW),
                row("? is exactly one character", allow("\"kms:?crypt\"", "\"*\""), "kms:Encrypt", KEY,
                        Decision.IMPLICIT_DENY),
                row("action list", allow("[\"kms:Decrypt\",\"kms:Encrypt\"]", "\"*\""), "kms:Encrypt", KEY,
                        Decision.ALLOW),
                row("NotAction allows the rest", statement("Allow", "\"NotAction\":\"kms:Decrypt\",\"Resource\":\"*\""),
                        "kms:Encrypt", KEY, Decision.ALLOW),
                row("NotAction excludes its action", statement("Allow", "\"NotAction\":\"kms:Decrypt\",\"Resource\":\"*\""),
                        "kms:Decrypt", KEY, Decision.IMPLICIT_DENY),
                row("resource ARN matches", allow("\"kms:*\"", quoted(KEY)), "kms:Encrypt", KEY, Decision.ALLOW),
                row("resource ARN is exact", allow("\"kms:*\"", quoted(KEY)), "kms:Encrypt", OTHER_KEY,
                        Decision.IMPLICIT_DENY),
                row("resource ARN wildcard", allow("\"kms:*\"", "\"arn:aws:kms:*:" + ACCOUNT + ":key/*\""), "kms:Encrypt",
                        KEY, Decision.ALLOW),
                row("resource ARNs are case-sensitive", allow("\"kms:*\"", quoted(KEY.replace("1234abcd", "1234ABCD"))),
                        "kms:Encrypt", KEY, Decision.IMPLICIT_DENY),
                row("NotResource excludes its key",
                        statement("Allow", "\"Action\":\"kms:*\",\"NotResource\":" + quoted(KEY)), "kms:Encrypt", KEY,
                        Decision.IMPLICIT_DENY),
                row("NotResource allows other keys",
                        statement("Allow", "\"Action\":\"kms:*\",\"NotResource\":" + quoted(KEY)), "kms:Encrypt", OTHER_KEY,
                        Decision.ALLOW),
                row("explicit Deny beats Allow", allow("\"kms:*\"", "\"*\"") + "|" + deny("\"kms:Encrypt\"", "\"*\""),
                        "kms:Encrypt", KEY, Decision.EXPLICIT_DENY),
                row("a Deny elsewhere leaves other actions", allow("\"kms:*\"", "\"*\"") + "|" + deny("\"kms:Encrypt\"", "\"*\""),
                        "kms:Decrypt", KEY, Decision.ALLOW),
                row("Deny with NotResource", allow("\"kms:*\"", "\"*\"") + "|"
                        + statement("Deny", "\"Action\":\"kms:*\",\"NotResource\":" + quoted(KEY)), "kms:Encrypt", OTHER_KEY,
                        Decision.EXPLICIT_DENY),
                row("no policy allows nothing", "", "kms:Encrypt", KEY, Decision.IMPLICIT_DENY));
    }

    static Stream<Arguments> conditionCases() {
        String origin = "{\"StringEquals\":{\"kms:KeyOrigin\":\"AWS_CLOUDHSM\"}}";
        String anyKey = "{\"ForAnyValue:StringEquals\":{\"kms:EncryptionContextKeys\":[\"a\",\"b\"]}}";
        String allKeys = "{\"ForAllValues:StringEquals\":{\"kms:EncryptionContextKeys\":[\"a\",\"b\"]}}";
        return Stream.of(
                row("kms:KeyOrigin matches", origin, keys("kms:KeyOrigin", "AWS_CLOUDHSM"), Decision.ALLOW),
                row("kms:KeyOrigin differs", origin, keys("kms:KeyOrigin", "EXTERNAL_KEY_STORE"), Decision.IMPLICIT_DENY),
                row("a missing key fails StringEquals", origin, keys(), Decision.IMPLICIT_DENY),
                row("condition key names are case-insensitive", origin, keys("KMS:KEYORIGIN", "AWS_CLOUDHSM"), Decision.ALLOW),
                row("StringEquals values are alternatives", "{\"StringEquals\":{\"kms:KeyOrigin\":[\"EXTERNAL_KEY_STORE\","
                        + "\"AWS_CLOUDHSM\"]}}", keys("kms:KeyOrigin", "AWS_CLOUDHSM"), Decision.ALLOW),
                row("IfExists passes a missing key", "{\"StringEqualsIfExists\":{\"kms:KeyOrigin\":\"AWS_CLOUDHSM\"}}",
                        keys(), Decision.ALLOW),
                row("IfExists still checks a present key", "{\"StringEqualsIfExists\":{\"kms:KeyOrigin\":\"AWS_CLOUDHSM\"}}",
                        keys("kms:KeyOrigin", "AWS_KMS"), Decision.IMPLICIT_DENY),
                row("StringNotEquals passes a missing key", "{\"StringNotEquals\":{\"kms:KeyOrigin\":\"AWS_KMS\"}}",
                        keys(), Decision.ALLOW),
                row("StringNotEquals needs every value different", "{\"StringNotEquals\":{\"kms:KeyOrigin\":[\"AWS_KMS\","
                        + "\"AWS_CLOUDHSM\"]}}", keys("kms:KeyOrigin", "AWS_CLOUDHSM"), Decision.IMPLICIT_DENY),
                row("StringEqualsIgnoreCase", "{\"StringEqualsIgnoreCase\":{\"kms:KeyOrigin\":\"aws_cloudhsm\"}}",
                        keys("kms:KeyOrigin", "AWS_CLOUDHSM"), Decision.ALLOW),
                row("StringEquals is case-sensitive", "{\"StringEquals\":{\"kms:KeyOrigin\":\"aws_cloudhsm\"}}",
                        keys("kms:KeyOrigin", "AWS_CLOUDHSM"), Decision.IMPLICIT_DENY),
                row("StringLike on an encryption context value",
                        "{\"StringLike\":{\"kms:EncryptionContext:purpose\":\"demo-*\"}}",
                        keys("kms:EncryptionContext:purpose", "demo-1"), Decision.ALLOW),
                row("StringNotLike", "{\"StringNotLike\":{\"kms:EncryptionContext:purpose\":\"demo-*\"}}",
                        keys("kms:EncryptionContext:purpose", "demo-1"), Decision.IMPLICIT_DENY),
                row("ForAnyValue: one request value in the set", anyKey, keys("kms:EncryptionContextKeys", "c", "a"),
                        Decision.ALLOW),
                row("ForAnyValue: none in the set", anyKey, keys("kms:EncryptionContextKeys", "c"), Decision.IMPLICIT_DENY),
                row("ForAnyValue: a missing key fails", anyKey, keys(), Decision.IMPLICIT_DENY),
                row("ForAllValues: a subset passes", allKeys, keys("kms:EncryptionContextKeys", "a"), Decision.ALLOW),
                row("ForAllValues: one value outside fails", allKeys, keys("kms:EncryptionContextKeys", "a", "c"),
                        Decision.IMPLICIT_DENY),
                row("ForAllValues: a missing key passes", allKeys, keys(), Decision.ALLOW),
                row("ForAnyValue:StringNotEquals", "{\"ForAnyValue:StringNotEquals\":{\"kms:EncryptionContextKeys\":\"a\"}}",
                        keys("kms:EncryptionContextKeys", "a", "b"), Decision.ALLOW),
                row("ForAllValues:StringNotLike", "{\"ForAllValues:StringNotLike\":{\"kms:EncryptionContextKeys\":\"a*\"}}",
                        keys("kms:EncryptionContextKeys", "b", "ab"), Decision.IMPLICIT_DENY),
                row("Null true: key absent", "{\"Null\":{\"kms:EncryptionContextKeys\":\"true\"}}", keys(), Decision.ALLOW),
                row("Null false: key present", "{\"Null\":{\"kms:EncryptionContextKeys\":\"false\"}}", keys(),
                        Decision.IMPLICIT_DENY),
                row("Bool", "{\"Bool\":{\"aws:SecureTransport\":\"true\"}}", keys("aws:SecureTransport", "false"),
                        Decision.IMPLICIT_DENY),
                row("ArnLike on aws:PrincipalArn", "{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/al*\"}}",
                        keys("aws:PrincipalArn", USER), Decision.ALLOW),
                row("ArnEquals", "{\"ArnEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::" + ACCOUNT + ":user/bob\"}}",
                        keys("aws:PrincipalArn", USER), Decision.IMPLICIT_DENY),
                row("NumericLessThan", "{\"NumericLessThan\":{\"kms:GrantCount\":\"10\"}}", keys("kms:GrantCount", "9"),
                        Decision.ALLOW),
                row("NumericGreaterThanEquals", "{\"NumericGreaterThanEquals\":{\"kms:GrantCount\":\"10\"}}",
                        keys("kms:GrantCount", "9"), Decision.IMPLICIT_DENY),
                row("NumericEquals compares numbers", "{\"NumericEquals\":{\"kms:GrantCount\":\"10\"}}",
                        keys("kms:GrantCount", "10.0"), Decision.ALLOW),
                row("IpAddress in the block", "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}",
                        keys("aws:SourceIp", "10.1.2.3"), Decision.ALLOW),
                row("IpAddress outside the block", "{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}",
                        keys("aws:SourceIp", "192.168.1.1"), Decision.IMPLICIT_DENY),
                row("operators are combined with AND", "{\"StringEquals\":{\"kms:KeyOrigin\":\"AWS_CLOUDHSM\"},"
                        + "\"Bool\":{\"aws:SecureTransport\":\"true\"}}",
                        keys("kms:KeyOrigin", "AWS_CLOUDHSM", "aws:SecureTransport", "false"), Decision.IMPLICIT_DENY),
                row("kms:ViaService is never present", "{\"StringLike\":{\"kms:ViaService\":\"*\"}}", keys(),
                        Decision.IMPLICIT_DENY));
    }

    static Stream<Arguments> malformedDocuments() {
        return Stream.of(
                Arguments.of("not JSON", "{\"Statement\":"),
                Arguments.of("not an object", "[]"),
                Arguments.of("no Statement", "{\"Version\":\"2012-10-17\"}"),
                Arguments.of("empty Statement list", "{\"Statement\":[]}"),
                Arguments.of("unknown Version", "{\"Version\":\"2020-01-01\"," + body(allow("\"kms:*\"", "\"*\"")) + "}"),
                Arguments.of("unknown element", "{\"Statement\":" + allow("\"kms:*\"", "\"*\"") + ",\"Extra\":1}"),
                Arguments.of("Effect in lower case", "{\"Statement\":" + statement("allow", "\"Action\":\"kms:*\",\"Resource\":\"*\"") + "}"),
                Arguments.of("no Effect", "{\"Statement\":{\"Action\":\"kms:*\",\"Resource\":\"*\"}}"),
                Arguments.of("Action and NotAction", "{\"Statement\":" + statement("Allow",
                        "\"Action\":\"kms:*\",\"NotAction\":\"kms:Decrypt\",\"Resource\":\"*\"") + "}"),
                Arguments.of("no Resource", "{\"Statement\":" + statement("Allow", "\"Action\":\"kms:*\"") + "}"),
                Arguments.of("action without service", "{\"Statement\":" + allow("\"Encrypt\"", "\"*\"") + "}"),
                Arguments.of("resource neither * nor ARN", "{\"Statement\":" + allow("\"kms:*\"", "\"key/1\"") + "}"),
                Arguments.of("Principal in an identity policy", "{\"Statement\":" + statement("Allow",
                        "\"Principal\":\"*\",\"Action\":\"kms:*\",\"Resource\":\"*\"") + "}"),
                Arguments.of("unknown condition operator", "{\"Statement\":" + conditional("{\"StringSoundsLike\":{\"a:b\":\"c\"}}") + "}"),
                Arguments.of("non-numeric NumericEquals", "{\"Statement\":" + conditional("{\"NumericEquals\":{\"a:b\":\"ten\"}}") + "}"),
                Arguments.of("Null with IfExists", "{\"Statement\":" + conditional("{\"NullIfExists\":{\"a:b\":\"true\"}}") + "}"),
                Arguments.of("condition value an object", "{\"Statement\":" + conditional("{\"StringEquals\":{\"a:b\":{}}}") + "}"),
                Arguments.of("duplicate element", "{\"Statement\":{\"Effect\":\"Allow\",\"Effect\":\"Deny\",\"Action\":\"kms:*\","
                        + "\"Resource\":\"*\"}}"));
    }

    static Stream<Arguments> malformedKeyPolicies() {
        return Stream.of(
                Arguments.of("no Principal", "{\"Statement\":" + allow("\"kms:*\"", "\"*\"") + "}"),
                Arguments.of("invalid principal", "{\"Statement\":" + statement("Allow",
                        "\"Principal\":{\"AWS\":\"alice\"},\"Action\":\"kms:*\",\"Resource\":\"*\"") + "}"),
                Arguments.of("unknown principal type", "{\"Statement\":" + statement("Allow",
                        "\"Principal\":{\"Human\":\"alice\"},\"Action\":\"kms:*\",\"Resource\":\"*\"") + "}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("identityCases")
    void identityPoliciesDecide(String name, List<PolicyDocument> policies, String action, String resource,
                                Decision expected) {
        assertThat(PolicyEvaluator.identity(policies, request(action, resource, Map.of()))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditionCases")
    void conditionsDecide(String name, List<PolicyDocument> policies, Map<String, List<String>> keys, Decision expected) {
        assertThat(PolicyEvaluator.identity(policies, request("kms:Encrypt", KEY, keys))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedDocuments")
    void malformedIdentityPoliciesAreRejected(String name, String document) {
        assertThatThrownBy(() -> PolicyDocument.parse(document, PolicyDocument.Kind.IDENTITY))
                .isInstanceOf(MalformedPolicyDocumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedKeyPolicies")
    void malformedKeyPoliciesAreRejected(String name, String document) {
        assertThatThrownBy(() -> PolicyDocument.parse(document, PolicyDocument.Kind.KEY))
                .isInstanceOf(MalformedPolicyDocumentException.class);
    }

    // ---- building rows

    private static Arguments row(String name, String statements, String action, String resource, Decision expected) {
        return Arguments.of(name, documents(statements), action, resource, expected);
    }

    private static Arguments row(String name, String condition, Map<String, List<String>> keys, Decision expected) {
        return Arguments.of(name, documents(conditional(condition)), keys, expected);
    }

    /** One identity policy per {@code |}-separated statement. */
    private static List<PolicyDocument> documents(String statements) {
        return statements.isEmpty() ? List.of() : Arrays.stream(statements.split("\\|"))
                .map(statement -> PolicyDocument.parse("{\"Version\":\"2012-10-17\"," + body(statement) + "}",
                        PolicyDocument.Kind.IDENTITY))
                .toList();
    }

    private static String body(String statement) {
        return "\"Statement\":[" + statement + "]";
    }

    static String allow(String action, String resource) {
        return statement("Allow", "\"Action\":" + action + ",\"Resource\":" + resource);
    }

    static String deny(String action, String resource) {
        return statement("Deny", "\"Action\":" + action + ",\"Resource\":" + resource);
    }

    static String statement(String effect, String elements) {
        return "{\"Effect\":\"" + effect + "\"," + elements + "}";
    }

    private static String conditional(String condition) {
        return statement("Allow", "\"Action\":\"kms:*\",\"Resource\":\"*\",\"Condition\":" + condition);
    }

    static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private static Map<String, List<String>> keys(String... pairs) {
        Map<String, List<String>> keys = new HashMap<>();
        String name = null;
        for (String part : pairs) {
            if (part.contains(":") && !part.startsWith("arn:")) {
                name = part;
                keys.put(name, new ArrayList<>());
            } else {
                keys.get(name).add(part);
            }
        }
        return keys;
    }

    private static AccessRequest request(String action, String resource, Map<String, List<String>> keys) {
        return new AccessRequest(action, resource, USER, ACCOUNT, keys);
    }
}
