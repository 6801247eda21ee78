package io.keyhold.server.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.keyhold.api.error.SerializationException;
import io.keyhold.api.error.ValidationException;
import io.keyhold.server.wire.KmsServiceModel.Shape;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.UncheckedIOException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class RequestValidatorTest {

    private static final KmsServiceModel MODEL = KmsServiceModel.fromClasspath();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String CLUSTER_PATTERN = "cluster-[2-7a-zA-Z]{11,16}";
    private static final String URI_PATH_PATTERN =
            "^(/[a-zA-Z0-9\\/_-]+/kms/xks/v\\d{1,2})$|^(/kms/xks/v\\d{1,2})$";
    private static final String KEY_STORE_TYPES = "[AWS_CLOUDHSM, EXTERNAL_KEY_STORE]";
    private static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET_ACCESS_KEY = "DXjSUawnel2fr6SKC7G25CNxTyWKE5PF9XX6H/u9pSo=";

    private final RequestValidator validator = new RequestValidator(MODEL);

    @Nested
    class CreateCustomKeyStore {

        private static final String OP = "CreateCustomKeyStore";

        @Test
        void acceptsACloudHsmKeyStore() {
            assertValid(OP, "{'CustomKeyStoreName': 'ExampleKeyStore', 'CloudHsmClusterId': 'cluster-234abcdefABC',"
                    + " 'TrustAnchorCertificate': '-----BEGIN CERTIFICATE-----', 'KeyStorePassword': 'kmsPswd1'}");
        }

        @Test
        void acceptsAnExternalKeyStoreWithPublicEndpoint() {
            assertValid(OP, "{'CustomKeyStoreName': 'ExampleExternalKeyStore', 'CustomKeyStoreType': 'EXTERNAL_KEY_STORE',"
                    + " 'XksProxyConnectivity': 'PUBLIC_ENDPOINT', 'XksProxyUriEndpoint': 'https://myproxy.xks.example.com',"
                    + " 'XksProxyUriPath': '/kms/xks/v1', 'XksProxyAuthenticationCredential':"
                    + " {'AccessKeyId': '" + ACCESS_KEY_ID + "', 'RawSecretAccessKey': '" + SECRET_ACCESS_KEY + "'}}");
        }

        @Test
        void acceptsAnExternalKeyStoreWithVpcEndpointService() {
            assertValid(OP, "{'CustomKeyStoreName': 'ExampleVPCExternalKeyStore', 'CustomKeyStoreType': 'EXTERNAL_KEY_STORE',"
                    + " 'XksProxyConnectivity': 'VPC_ENDPOINT_SERVICE',"
                    + " 'XksProxyUriEndpoint': 'https://myproxy-private.xks.example.com',"
                    + " 'XksProxyUriPath': '/example-prefix/kms/xks/v1',"
                    + " 'XksProxyVpcEndpointServiceName': 'com.amazonaws.vpce.us-east-1.vpce-svc-example1',"
                    + " 'XksProxyVpcEndpointServiceOwner': '111122223333'}");
        }

        @Test
        void requiresTheName() {
            assertInvalid(OP, "{'CloudHsmClusterId': 'cluster-234abcdefABC'}",
                    "1 validation error detected: Value null at 'customKeyStoreName' failed to satisfy constraint:"
                            + " Member must not be null");
        }

        @Test
        void treatsANullMemberAsAbsent() {
            assertValid(OP, "{'CustomKeyStoreName': 'ExampleKeyStore', 'CloudHsmClusterId': null}");
            assertInvalid(OP, "{'CustomKeyStoreName': null}",
                    "1 validation error detected: Value null at 'customKeyStoreName' failed to satisfy constraint:"
                            + " Member must not be null");
        }

        @Test
        void ignoresMembersTheShapeDoesNotDefine() {
            assertValid(OP, "{'CustomKeyStoreName': 'ExampleKeyStore', 'customKeyStoreName': 5, 'Bogus': [{}]}");
        }

        @Test
        void acceptsANameOfExactly256Characters() {
            assertValid(OP, "{'CustomKeyStoreName': '" + "a".repeat(256) + "'}");
        }

        @Test
        void rejectsANameOf257Characters() {
            String name = "a".repeat(257);
            assertInvalid(OP, "{'CustomKeyStoreName': '" + name + "'}",
                    "1 validation error detected: Value '" + name + "' at 'customKeyStoreName' failed to satisfy"
                            + " constraint: Member must have length less than or equal to 256");
        }

        @Test
        void rejectsAnEmptyName() {
            assertInvalid(OP, "{'CustomKeyStoreName': ''}",
                    "1 validation error detected: Value '' at 'customKeyStoreName' failed to satisfy constraint:"
                            + " Member must have length greater than or equal to 1");
        }

        @Test
        void countsLengthInCodePointsNotUtf16Units() {
            String emoji = "\uD83D\uDD11";
            assertValid(OP, "{'CustomKeyStoreName': '" + emoji.repeat(256) + "'}");
            assertInvalid(OP, "{'CustomKeyStoreName': '" + emoji.repeat(257) + "'}",
                    "1 validation error detected: Value '" + emoji.repeat(257) + "' at 'customKeyStoreName' failed to"
                            + " satisfy constraint: Member must have length less than or equal to 256");
        }

        @Test
        void rejectsTheDocumentationClusterIdThatBreaksThePattern() {
            assertInvalid(OP, "{'CustomKeyStoreName': 'ks', 'CloudHsmClusterId': 'cluster-1a23b4cdefg'}",
                    "1 validation error detected: Value 'cluster-1a23b4cdefg' at 'cloudHsmClusterId' failed to satisfy"
                            + " constraint: Member must satisfy regular expression pattern: " + CLUSTER_PATTERN);
        }

        @Test
        void matchesThePatternAgainstTheWholeValue() {
            assertInvalid(OP, "{'CustomKeyStoreName': 'ks', 'CloudHsmClusterId': 'cluster-234abcdefABC!'}",
                    "1 validation error detected: Value 'cluster-234abcdefABC!' at 'cloudHsmClusterId' failed to"
                            + " satisfy constraint: Member must satisfy regular expression pattern: " + CLUSTER_PATTERN);
        }

        @Test
        void reportsEveryConstraintOneValueBreaksLengthFirst() {
            assertInvalid(OP, "{'CustomKeyStoreName': 'ks', 'CloudHsmClusterId': 'cluster-1'}",
                    "2 validation errors detected: Value 'cluster-1' at 'cloudHsmClusterId' failed to satisfy"
                            + " constraint: Member must have length greater than or equal to 19;"
                            + " Value 'cluster-1' at 'cloudHsmClusterId' failed to satisfy constraint:"
                            + " Member must satisfy regular expression pattern: " + CLUSTER_PATTERN);
        }

        @ParameterizedTest
        @ValueSource(strings = {"/kms/xks/v1", "/a/b_c-d/kms/xks/v1", "/kms/xks/v12", "/prefix/kms/xks/v2"})
        void acceptsProxyUriPathsOfEitherForm(String path) {
            assertValid(OP, "{'CustomKeyStoreName': 'ks', 'XksProxyUriPath': '" + path + "'}");
        }

        @ParameterizedTest
        @ValueSource(strings = {"/kms/xks/v1/", "/kms/xks/v123", "kms/xks/v1", "/a/kms/xks/v1?x=1", "/a b/kms/xks/v1"})
        void rejectsProxyUriPathsOfNeitherForm(String path) {
            assertInvalid(OP, "{'CustomKeyStoreName': 'ks', 'XksProxyUriPath': '" + path + "'}",
                    "1 validation error detected: Value '" + path + "' at 'xksProxyUriPath' failed to satisfy"
                            + " constraint: Member must satisfy regular expression pattern: " + URI_PATH_PATTERN);
        }

        @Test
        void rejectsAProxyUriEndpointWithAPort() {
            assertInvalid(OP, "{'CustomKeyStoreName': 'ks', 'XksProxyUriEndpoint': 'https://myproxy.example.com:8443'}",
                    "1 validation error detected: Value 'https://myproxy.example.com:8443' at 'xksProxyUriEndpoint'"
                            + " failed to satisfy constraint: Member must satisfy regular expression pattern:"
                            + " ^https://[a-zA-Z0-9.-]+$");
        }

        @Test
        void rejectsAKeyStoreTypeOutsideTheEnum() {
            assertInvalid(OP, "{'CustomKeyStoreName': 'ks', 'CustomKeyStoreType': 'aws_cloudhsm'}",
                    "1 validation error detected: Value 'aws_cloudhsm' at 'customKeyStoreType' failed to satisfy"
                            + " constraint: Member must satisfy enum value set: " + KEY_STORE_TYPES);
        }

        @Test
        void leavesTheValueOfASensitivePasswordOutOfTheMessage() {
            assertInvalid(OP, "{'CustomKeyStoreName': 'ks', 'KeyStorePassword': 'short'}",
                    "1 validation error detected: Value at 'keyStorePassword' failed to satisfy constraint:"
                            + " Member must have length greater than or equal to 7");
        }

        @Test
        void namesNestedCredentialMembersWithADottedPathAndHidesTheirValues() {
            assertInvalid(OP, "{'CustomKeyStoreName': 'ks', 'XksProxyAuthenticationCredential': {'AccessKeyId': 'ABCDEF'}}",
                    "2 validation errors detected: Value at 'xksProxyAuthenticationCredential.accessKeyId' failed to"
                            + " satisfy constraint: Member must have length greater than or equal to 20;"
                            + " Value at 'xksProxyAuthenticationCredential.rawSecretAccessKey' failed to satisfy"
                            + " constraint: Member must not be null");
        }

        @Test
        void checksTheNestedCredentialPatterns() {
            assertInvalid(OP, "{'CustomKeyStoreName': 'ks', 'XksProxyAuthenticationCredential':"
                            + " {'AccessKeyId': 'akiaiosfodnn7example', 'RawSecretAccessKey': '" + SECRET_ACCESS_KEY + "'}}",
                    "1 validation error detected: Value at 'xksProxyAuthenticationCredential.accessKeyId' failed to"
                            + " satisfy constraint: Member must satisfy regular expression pattern: ^[A-Z2-7]+$");
        }

        @Test
        void collectsErrorsOfSeveralMembersInModelOrder() {
            assertInvalid(OP, "{'CustomKeyStoreType': 'HSM', 'CustomKeyStoreName': ''}",
                    "2 validation errors detected: Value '' at 'customKeyStoreName' failed to satisfy constraint:"
                            + " Member must have length greater than or equal to 1; Value 'HSM' at 'customKeyStoreType'"
                            + " failed to satisfy constraint: Member must satisfy enum value set: " + KEY_STORE_TYPES);
        }

        @Test
        void checksAnAccountIdAgainstItsFixedLengthAndTheWholeValuePattern() {
            assertInvalid(OP, "{'CustomKeyStoreName': 'ks', 'XksProxyVpcEndpointServiceOwner': '1111222233334'}",
                    "2 validation errors detected: Value '1111222233334' at 'xksProxyVpcEndpointServiceOwner' failed"
                            + " to satisfy constraint: Member must have length less than or equal to 12;"
                            + " Value '1111222233334' at 'xksProxyVpcEndpointServiceOwner' failed to satisfy constraint:"
                            + " Member must satisfy regular expression pattern: [0-9]{12}");
        }
    }

    @Nested
    class UpdateCustomKeyStore {

        private static final String OP = "UpdateCustomKeyStore";

        @Test
        void acceptsAnUpdateOfEverySetting() {
            assertValid(OP, "{'CustomKeyStoreId': 'cks-1234567890abcdef0', 'NewCustomKeyStoreName': 'Renamed',"
                    + " 'KeyStorePassword': 'ExamplePassword', 'CloudHsmClusterId': 'cluster-234abcdefABC',"
                    + " 'XksProxyUriEndpoint': 'https://myproxy.xks.example.com', 'XksProxyUriPath': '/kms/xks/v1',"
                    + " 'XksProxyConnectivity': 'PUBLIC_ENDPOINT', 'XksProxyAuthenticationCredential':"
                    + " {'AccessKeyId': '" + ACCESS_KEY_ID + "', 'RawSecretAccessKey': '" + SECRET_ACCESS_KEY + "'}}");
        }

        @Test
        void requiresTheKeyStoreId() {
            assertInvalid(OP, "{'NewCustomKeyStoreName': 'Renamed'}",
                    "1 validation error detected: Value null at 'customKeyStoreId' failed to satisfy constraint:"
                            + " Member must not be null");
        }

        @Test
        void rejectsANewNameOf257Characters() {
            String name = "n".repeat(257);
            assertInvalid(OP, "{'CustomKeyStoreId': 'cks-1234567890abcdef0', 'NewCustomKeyStoreName': '" + name + "'}",
                    "1 validation error detected: Value '" + name + "' at 'newCustomKeyStoreName' failed to satisfy"
                            + " constraint: Member must have length less than or equal to 256");
        }

        @Test
        void rejectsAConnectivityOutsideTheEnum() {
            assertInvalid(OP, "{'CustomKeyStoreId': 'cks-1234567890abcdef0', 'XksProxyConnectivity': 'VPC'}",
                    "1 validation error detected: Value 'VPC' at 'xksProxyConnectivity' failed to satisfy constraint:"
                            + " Member must satisfy enum value set: [PUBLIC_ENDPOINT, VPC_ENDPOINT_SERVICE]");
        }

        @Test
        void leavesTheValueOfASensitivePasswordOutOfTheMessage() {
            assertInvalid(OP, "{'CustomKeyStoreId': 'cks-1234567890abcdef0', 'KeyStorePassword': '"
                            + "p".repeat(33) + "'}",
                    "1 validation error detected: Value at 'keyStorePassword' failed to satisfy constraint:"
                            + " Member must have length less than or equal to 32");
        }

        @Test
        void reportsAMissingIdTogetherWithABadSecret() {
            assertInvalid(OP, "{'XksProxyAuthenticationCredential': {'AccessKeyId': '" + ACCESS_KEY_ID + "',"
                            + " 'RawSecretAccessKey': 'not base64 at all, and long enough to pass the length'}}",
                    "2 validation errors detected: Value null at 'customKeyStoreId' failed to satisfy constraint:"
                            + " Member must not be null; Value at 'xksProxyAuthenticationCredential.rawSecretAccessKey'"
                            + " failed to satisfy constraint: Member must satisfy regular expression pattern:"
                            + " ^[a-zA-Z0-9\\/+=]+$");
        }
    }

    @Nested
    class DescribeCustomKeyStores {

        private static final String OP = "DescribeCustomKeyStores";

        @Test
        void acceptsAnEmptyRequest() {
            assertValid(OP, "{}");
        }

        @Test
        void acceptsEveryFilterAndTheLimitBounds() {
            assertValid(OP, "{'CustomKeyStoreId': 'cks-1234567890abcdef0', 'CustomKeyStoreName': 'ks',"
                    + " 'Limit': 1, 'Marker': 'opaque \u00FF marker'}");
            assertValid(OP, "{'Limit': 1000}");
        }

        @Test
        void rejectsALimitOfZero() {
            assertInvalid(OP, "{'Limit': 0}",
                    "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint:"
                            + " Member must have value greater than or equal to 1");
        }

        @Test
        void rejectsALimitOf1001() {
            assertInvalid(OP, "{'Limit': 1001}",
                    "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint:"
                            + " Member must have value less than or equal to 1000");
        }

        @Test
        void rangeChecksALimitBeyondTheIntegerRangeLikeAws() {
            assertInvalid(OP, "{'Limit': 2147483648}",
                    "1 validation error detected: Value '2147483648' at 'limit' failed to satisfy constraint:"
                            + " Member must have value less than or equal to 1000");
        }

        @Test
        void truncatesAFractionalLimitTowardZero() {
            assertValid(OP, "{'Limit': 1000.9}");
            assertInvalid(OP, "{'Limit': 0.5}",
                    "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint:"
                            + " Member must have value greater than or equal to 1");
        }

        @Test
        void rejectsAMarkerWithACharacterAboveLatin1() {
            assertInvalid(OP, "{'Marker': 'page\u0100'}",
                    "1 validation error detected: Value 'page\u0100' at 'marker' failed to satisfy constraint:"
                            + " Member must satisfy regular expression pattern: [\\u0020-\\u00FF]*");
        }

        @Test
        void rejectsAMarkerWithAControlCharacter() {
            assertInvalid(OP, "{'Marker': 'page\\t2'}",
                    "1 validation error detected: Value 'page\t2' at 'marker' failed to satisfy constraint:"
                            + " Member must satisfy regular expression pattern: [\\u0020-\\u00FF]*");
        }

        @Test
        void rejectsAnEmptyMarkerEvenThoughThePatternAllowsIt() {
            assertInvalid(OP, "{'Marker': ''}",
                    "1 validation error detected: Value '' at 'marker' failed to satisfy constraint:"
                            + " Member must have length greater than or equal to 1");
        }

        @Test
        void rejectsAnIdOf65Characters() {
            String id = "c".repeat(65);
            assertInvalid(OP, "{'CustomKeyStoreId': '" + id + "'}",
                    "1 validation error detected: Value '" + id + "' at 'customKeyStoreId' failed to satisfy"
                            + " constraint: Member must have length less than or equal to 64");
        }
    }

    /** Connect, Disconnect and Delete take the same single required member. */
    @Nested
    class ConnectDisconnectAndDeleteCustomKeyStore {

        @ParameterizedTest
        @ValueSource(strings = {"ConnectCustomKeyStore", "DisconnectCustomKeyStore", "DeleteCustomKeyStore"})
        void acceptsAKeyStoreId(String operation) {
            assertValid(operation, "{'CustomKeyStoreId': 'cks-1234567890abcdef0'}");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ConnectCustomKeyStore", "DisconnectCustomKeyStore", "DeleteCustomKeyStore"})
        void requiresTheKeyStoreId(String operation) {
            assertInvalid(operation, "{}",
                    "1 validation error detected: Value null at 'customKeyStoreId' failed to satisfy constraint:"
                            + " Member must not be null");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ConnectCustomKeyStore", "DisconnectCustomKeyStore", "DeleteCustomKeyStore"})
        void rejectsAnEmptyKeyStoreId(String operation) {
            assertInvalid(operation, "{'CustomKeyStoreId': ''}",
                    "1 validation error detected: Value '' at 'customKeyStoreId' failed to satisfy constraint:"
                            + " Member must have length greater than or equal to 1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ConnectCustomKeyStore", "DisconnectCustomKeyStore", "DeleteCustomKeyStore"})
        void rejectsAKeyStoreIdOfTheWrongJsonType(String operation) {
            assertMalformed(operation, "{'CustomKeyStoreId': 42}", "NUMBER_VALUE can not be converted to a String");
        }
    }

    @Nested
    class WrongJsonTypes {

        @Test
        void rejectsAStringForAnInteger() {
            assertMalformed("DescribeCustomKeyStores", "{'Limit': '10'}", "STRING_VALUE can not be converted to an Integer");
        }

        @Test
        void rejectsABooleanForAnInteger() {
            assertMalformed("DescribeCustomKeyStores", "{'Limit': true}", "TRUE_VALUE can not be converted to an Integer");
        }

        @Test
        void rejectsAnIntegerTooLargeForAnyJavaIntegerType() {
            assertMalformed("DescribeCustomKeyStores", "{'Limit': 99999999999999999999}",
                    "NUMBER_VALUE can not be converted to an Integer");
            assertMalformed("DescribeCustomKeyStores", "{'Limit': 1e400}", "NUMBER_VALUE can not be converted to an Integer");
        }

        @Test
        void rejectsNumbersAndBooleansForAString() {
            assertMalformed("CreateCustomKeyStore", "{'CustomKeyStoreName': 5}", "NUMBER_VALUE can not be converted to a String");
            assertMalformed("CreateCustomKeyStore", "{'CustomKeyStoreName': 5.5}", "NUMBER_VALUE can not be converted to a String");
            assertMalformed("CreateCustomKeyStore", "{'CustomKeyStoreName': false}", "FALSE_VALUE can not be converted to a String");
        }

        @Test
        void rejectsAnObjectForAScalar() {
            assertMalformed("CreateCustomKeyStore", "{'CustomKeyStoreName': {}}",
                    "Start of structure or map found where not expected.");
        }

        @Test
        void rejectsAnArrayForAScalar() {
            assertMalformed("DescribeCustomKeyStores", "{'Limit': [1]}", "Start of list found where not expected");
        }

        @Test
        void rejectsAScalarOrArrayForAStructure() {
            assertMalformed("CreateCustomKeyStore", "{'CustomKeyStoreName': 'ks', 'XksProxyAuthenticationCredential': 'x'}",
                    "Expected null");
            assertMalformed("CreateCustomKeyStore", "{'CustomKeyStoreName': 'ks', 'XksProxyAuthenticationCredential': []}",
                    "Start of list found where not expected");
        }

        @Test
        void rejectsAWrongTypeInsideANestedStructure() {
            assertMalformed("CreateCustomKeyStore", "{'CustomKeyStoreName': 'ks', 'XksProxyAuthenticationCredential':"
                    + " {'AccessKeyId': 12345678901234567890}}", "NUMBER_VALUE can not be converted to a String");
        }

        @Test
        void reportsATypeErrorEvenWhenOtherMembersBreakConstraints() {
            assertMalformed("CreateCustomKeyStore", "{'CustomKeyStoreName': '', 'KeyStorePassword': 1234567}",
                    "NUMBER_VALUE can not be converted to a String");
        }

        @Test
        void rejectsAStringOrNumberForABoolean() {
            assertMalformed("CreateKey", "{'BypassPolicyLockoutSafetyCheck': 'true'}",
                    "STRING_VALUE can not be converted to a Boolean");
            assertMalformed("CreateKey", "{'MultiRegion': 1}", "NUMBER_VALUE can not be converted to a Boolean");
        }

        @Test
        void rejectsAStringForATimestamp() {
            assertMalformed("ImportKeyMaterial", "{'KeyId': 'k', 'ImportToken': 'AAAA', 'EncryptedKeyMaterial': 'AAAA',"
                    + " 'ValidTo': '2030-01-01T00:00:00Z'}", "STRING_VALUE can not be converted to a Date");
        }

        @Test
        void acceptsEpochSecondsForATimestamp() {
            assertValid("ImportKeyMaterial", "{'KeyId': 'k', 'ImportToken': 'AAAA', 'EncryptedKeyMaterial': 'AAAA',"
                    + " 'ValidTo': 1893456000.5}");
        }

        @Test
        void rejectsAScalarOrObjectForAList() {
            assertMalformed("CreateKey", "{'Tags': 'x'}", "Expected list or null");
            assertMalformed("CreateKey", "{'Tags': {}}", "Start of structure or map found where not expected.");
        }

        @Test
        void rejectsAScalarOrArrayForAMap() {
            assertMalformed("Encrypt", "{'KeyId': 'k', 'Plaintext': 'AAAA', 'EncryptionContext': 'x'}",
                    "Expected map or null");
            assertMalformed("Encrypt", "{'KeyId': 'k', 'Plaintext': 'AAAA', 'EncryptionContext': []}",
                    "Start of list found where not expected");
        }

        @Test
        void rejectsANonStringMapValue() {
            assertMalformed("Encrypt", "{'KeyId': 'k', 'Plaintext': 'AAAA', 'EncryptionContext': {'purpose': 1}}",
                    "NUMBER_VALUE can not be converted to a String");
        }

        @Test
        void rejectsANonStringBlob() {
            assertMalformed("Encrypt", "{'KeyId': 'k', 'Plaintext': 5}",
                    "only base-64-encoded strings are convertible to bytes");
            assertMalformed("Encrypt", "{'KeyId': 'k', 'Plaintext': ['AAAA']}", "Start of list found where not expected");
        }

        @Test
        void rejectsBase64OfTheWrongLength() {
            assertMalformed("Encrypt", "{'KeyId': 'k', 'Plaintext': 'QUJD='}",
                    "Base64 encoded length is expected a multiple of 4 bytes but found: 5");
        }

        @Test
        void rejectsBase64WithForeignCharacters() {
            assertMalformed("Encrypt", "{'KeyId': 'k', 'Plaintext': 'QU*D'}", "Invalid Base64 encoded data");
        }

        @Test
        void rejectsAWrongElementTypeInAList() {
            assertMalformed("Encrypt", "{'KeyId': 'k', 'Plaintext': 'AAAA', 'GrantTokens': ['t', 7]}",
                    "NUMBER_VALUE can not be converted to a String");
        }
    }

    @Nested
    class RequestBody {

        @Test
        void rejectsAJsonArray() {
            assertMalformed("DescribeCustomKeyStores", "[]", "Start of list found where not expected");
        }

        @Test
        void rejectsAJsonScalar() {
            assertMalformed("DescribeCustomKeyStores", "'x'", "The request body must be a JSON object");
            assertMalformed("DescribeCustomKeyStores", "42", "The request body must be a JSON object");
        }

        @Test
        void rejectsANullOrMissingBody() {
            for (JsonNode body : new JsonNode[] {null, NullNode.getInstance(), MissingNode.getInstance()}) {
                assertThatThrownBy(() -> validator.validate("DescribeCustomKeyStores", body))
                        .isExactlyInstanceOf(SerializationException.class)
                        .hasMessage("The request body must be a JSON object");
            }
        }

        @Test
        void rejectsAnOperationTheModelDoesNotKnow() {
            assertThatThrownBy(() -> validator.validate("CreateWidget", MAPPER.createObjectNode()))
                    .isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Unknown operation: CreateWidget");
        }
    }

    /** Shape kinds the custom key store operations do not use, reached through other operations. */
    @Nested
    class ListsMapsAndBlobs {

        @Test
        void namesAStructureInsideAListByItsOneBasedIndex() {
            assertInvalid("CreateKey", "{'Tags': [{'TagKey': 'a', 'TagValue': 'b'}, {'TagKey': '', 'TagValue': 'c'}]}",
                    "1 validation error detected: Value '' at 'tags.2.member.tagKey' failed to satisfy constraint:"
                            + " Member must have length greater than or equal to 1");
        }

        @Test
        void reportsAMissingRequiredMemberOfAListElement() {
            assertInvalid("TagResource", "{'KeyId': 'k', 'Tags': [{'TagKey': 'a'}]}",
                    "1 validation error detected: Value null at 'tags.1.member.tagValue' failed to satisfy constraint:"
                            + " Member must not be null");
        }

        @Test
        void dropsNullListElementsBeforeNumberingThem() {
            assertInvalid("CreateKey", "{'Tags': [null, {'TagKey': '', 'TagValue': 'c'}]}",
                    "1 validation error detected: Value '' at 'tags.1.member.tagKey' failed to satisfy constraint:"
                            + " Member must have length greater than or equal to 1");
        }

        @Test
        void reportsAScalarListElementOnceAtTheListWithEveryElementConstraint() {
            assertInvalid("Encrypt", "{'KeyId': 'k', 'Plaintext': 'AAAA', 'GrantTokens': ['ok', '']}",
                    "1 validation error detected: Value '[ok, ]' at 'grantTokens' failed to satisfy constraint:"
                            + " Member must satisfy constraint: [Member must have length less than or equal to 8192,"
                            + " Member must have length greater than or equal to 1]");
        }

        @Test
        void reportsAnEnumListElementAtTheList() {
            assertInvalid("Decrypt", "{'CiphertextBlob': 'AAAA', 'DryRunModifiers': ['IGNORE_CIPHERTEXT', 'X']}",
                    "1 validation error detected: Value '[IGNORE_CIPHERTEXT, X]' at 'dryRunModifiers' failed to"
                            + " satisfy constraint: Member must satisfy constraint:"
                            + " [Member must satisfy enum value set: [IGNORE_CIPHERTEXT]]");
        }

        @Test
        void checksTheSizeOfAList() {
            assertValid("Encrypt", "{'KeyId': 'k', 'Plaintext': 'AAAA', 'GrantTokens': " + tokens(10, "'") + "}");
            assertInvalid("Encrypt", "{'KeyId': 'k', 'Plaintext': 'AAAA', 'GrantTokens': " + tokens(11, "'") + "}",
                    "1 validation error detected: Value '" + tokens(11, "") + "' at 'grantTokens' failed to satisfy"
                            + " constraint: Member must have length less than or equal to 10");
        }

        private static String tokens(int count, String quote) {
            return IntStream.rangeClosed(1, count)
                    .mapToObj(i -> quote + "t" + i + quote)
                    .collect(Collectors.joining(", ", "[", "]"));
        }

        @Test
        void acceptsAStringMapWithNullValues() {
            assertValid("Encrypt", "{'KeyId': 'k', 'Plaintext': 'AAAA', 'EncryptionContext': {'a': 'b', 'c': null}}");
        }

        @Test
        void showsABlobAsTheBufferCoralDecodedIt() {
            assertInvalid("Decrypt", "{'CiphertextBlob': ''}",
                    "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]' at"
                            + " 'ciphertextBlob' failed to satisfy constraint: Member must have length greater than or"
                            + " equal to 1");
        }

        @Test
        void measuresABlobInDecodedBytes() {
            String base64 = "A".repeat(8196);
            assertInvalid("Decrypt", "{'CiphertextBlob': '" + base64 + "'}",
                    "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=6147 cap=6147]' at"
                            + " 'ciphertextBlob' failed to satisfy constraint: Member must have length less than or"
                            + " equal to 6144");
        }

        @Test
        void leavesASensitiveBlobOutOfTheMessage() {
            assertInvalid("Encrypt", "{'KeyId': 'k', 'Plaintext': ''}",
                    "1 validation error detected: Value at 'plaintext' failed to satisfy constraint:"
                            + " Member must have length greater than or equal to 1");
        }
    }

    @Nested
    class WholeModel {

        @Test
        void walksEveryOperationWithAnEmptyBodyFailingOnlyOnRequiredMembers() {
            assertThat(MODEL.operationNames()).hasSizeGreaterThan(50);
            for (String operation : MODEL.operationNames()) {
                assertThat(catchThrowable(() -> validator.validate(operation, MAPPER.createObjectNode())))
                        .as(operation)
                        .satisfiesAnyOf(
                                thrown -> assertThat(thrown).isNull(),
                                thrown -> assertThat(thrown).isExactlyInstanceOf(ValidationException.class));
            }
        }

        /** Fills every member of every input, so every shape the inputs reach is walked. */
        @Test
        void walksEveryOperationWithEveryMemberSetToAWellTypedValue() {
            for (String operation : MODEL.operationNames()) {
                JsonNode body = sample(MODEL.inputShape(operation));
                assertThat(catchThrowable(() -> validator.validate(operation, body)))
                        .as(operation + " " + body)
                        .satisfiesAnyOf(
                                thrown -> assertThat(thrown).isNull(),
                                thrown -> assertThat(thrown).isExactlyInstanceOf(ValidationException.class));
            }
        }

        private JsonNode sample(Shape shape) {
            return switch (shape.type()) {
                case STRING -> TextNode.valueOf(shape.enumValues().isEmpty() ? "x" : shape.enumValues().get(0));
                case INTEGER, LONG, DOUBLE, FLOAT, TIMESTAMP -> IntNode.valueOf(1);
                case BOOLEAN -> BooleanNode.TRUE;
                case BLOB -> TextNode.valueOf("AAAA");
                case LIST -> MAPPER.createArrayNode().add(sample(shape.listMember().shape()));
                case MAP -> MAPPER.createObjectNode().set("k", sample(shape.mapValue().shape()));
                case STRUCTURE -> {
                    ObjectNode structure = MAPPER.createObjectNode();
                    shape.members().forEach((name, member) -> structure.set(name, sample(member.shape())));
                    yield structure;
                }
            };
        }
    }

    private void assertValid(String operation, String json) {
        assertThatCode(() -> validator.validate(operation, body(json))).doesNotThrowAnyException();
    }

    private void assertInvalid(String operation, String json, String message) {
        assertThatThrownBy(() -> validator.validate(operation, body(json)))
                .isExactlyInstanceOf(ValidationException.class)
                .hasMessage(message);
    }

    private void assertMalformed(String operation, String json, String message) {
        assertThatThrownBy(() -> validator.validate(operation, body(json)))
                .isExactlyInstanceOf(SerializationException.class)
                .hasMessage(message);
    }

    /** Parses JSON written with single quotes, which keeps the Java literals above readable. */
    private static JsonNode body(String singleQuotedJson) {
        try {
            return MAPPER.readTree(singleQuotedJson.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
