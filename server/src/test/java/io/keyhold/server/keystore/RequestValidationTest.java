package io.keyhold.server.keystore;

import static io.keyhold.server.testsupport.KmsErrors.expectUnmodeledError;
import static io.keyhold.server.keystore.TestAccount.VALIDATION;
import static io.keyhold.server.keystore.TestAccount.VALIDATION_NESTED;
import static io.keyhold.server.keystore.TestAccount.VALIDATION_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateCustomKeyStoreRequest;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreType;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.XksProxyConnectivityType;

/**
 * Requests are checked against the KMS model before anything else happens, and violations are
 * reported as AWS does: {@code N validation error(s) detected: Value 'v' at 'member' failed to
 * satisfy constraint: ...}, the value left out for sensitive members.
 */
class RequestValidationTest extends KeyholdEndToEndTest {

    private static final String PREFIX = "1 validation error detected: ";

    @Test
    void storeNameLongerThan256IsRejected() {
        String name = "n".repeat(257);
        expectValidation(PREFIX + "Value '" + name + "' at 'customKeyStoreName' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 256",
                () -> kms(VALIDATION).createCustomKeyStore(cloudHsm(name, "kmsuser-password")));
        assertThat(kms(VALIDATION).describeCustomKeyStores(r -> { }).customKeyStores()).isEmpty();
    }

    @Test
    void missingStoreNameIsRejected() {
        expectValidation(PREFIX + "Value null at 'customKeyStoreName' failed to satisfy constraint: Member must not be null",
                () -> kms(VALIDATION).createCustomKeyStore(cloudHsm(null, "kmsuser-password")));
    }

    @Test
    void shortPasswordIsRejectedWithoutEchoingIt() {
        KmsException error = expectValidation(PREFIX + "Value at 'keyStorePassword' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 7",
                () -> kms(VALIDATION_PASSWORD).createCustomKeyStore(cloudHsm("short-password", "secr3t")));
        assertThat(kms(VALIDATION_PASSWORD).describeCustomKeyStores(r -> { }).customKeyStores()).isEmpty();
        assertThat(error.awsErrorDetails().errorMessage()).doesNotContain("secr3t");
    }

    @Test
    void clusterIdMustMatchThePattern() {
        expectValidation(PREFIX + "Value 'cluster-1a23b4cdefg' at 'cloudHsmClusterId' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: cluster-[2-7a-zA-Z]{11,16}",
                () -> kms(VALIDATION).createCustomKeyStore(cloudHsm("bad-cluster", "kmsuser-password").toBuilder()
                        .cloudHsmClusterId("cluster-1a23b4cdefg").build()));
    }

    @Test
    void unknownStoreTypeIsRejected() {
        expectValidation(PREFIX + "Value 'BOGUS' at 'customKeyStoreType' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [AWS_CLOUDHSM, EXTERNAL_KEY_STORE]",
                () -> kms(VALIDATION).createCustomKeyStore(cloudHsm("bogus-type", "kmsuser-password").toBuilder()
                        .customKeyStoreType("BOGUS").build()));
    }

    @Test
    void limitMustBeBetween1And1000() {
        KmsClient kms = kms(VALIDATION);
        expectValidation(PREFIX + "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
                () -> kms.describeCustomKeyStores(r -> r.limit(0)));
        expectValidation(PREFIX + "Value '1001' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 1000",
                () -> kms.describeCustomKeyStores(r -> r.limit(1001)));
    }

    @Test
    void emptyStoreIdIsRejected() {
        expectValidation(PREFIX + "Value '' at 'customKeyStoreId' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1",
                () -> kms(VALIDATION).connectCustomKeyStore(r -> r.customKeyStoreId("")));
    }

    @Test
    void nestedSensitiveMembersAreNamedByTheirDottedPath() {
        expectValidation(PREFIX + "Value at 'xksProxyAuthenticationCredential.accessKeyId' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: ^[A-Z2-7]+$",
                () -> kms(VALIDATION_NESTED).createCustomKeyStore(xks().toBuilder()
                        .xksProxyAuthenticationCredential(c -> c.accessKeyId("lowercaseaccesskeyid0").rawSecretAccessKey(XKS_SECRET))
                        .build()));
        // sensitive: not even 'null' is shown
        expectValidation(PREFIX + "Value at 'xksProxyAuthenticationCredential.rawSecretAccessKey' failed to satisfy constraint: "
                        + "Member must not be null",
                () -> kms(VALIDATION_NESTED).createCustomKeyStore(xks().toBuilder()
                        .xksProxyAuthenticationCredential(c -> c.accessKeyId(XKS_ACCESS_KEY_ID))
                        .build()));
        assertThat(kms(VALIDATION_NESTED).describeCustomKeyStores(r -> { }).customKeyStores()).isEmpty();
    }

    @Test
    void proxyEndpointPathAndServiceNameMustMatchTheirPatterns() {
        KmsClient kms = kms(VALIDATION);
        expectValidation(PREFIX + "Value 'http://xks.example.com' at 'xksProxyUriEndpoint' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: ^https://[a-zA-Z0-9.-]+$",
                () -> kms.createCustomKeyStore(xks().toBuilder().xksProxyUriEndpoint("http://xks.example.com").build()));
        expectValidation(PREFIX + "Value '/kms/xks/v1/keys' at 'xksProxyUriPath' failed to satisfy constraint: "
                        + "Member must satisfy regular expression pattern: "
                        + "^(/[a-zA-Z0-9\\/_-]+/kms/xks/v\\d{1,2})$|^(/kms/xks/v\\d{1,2})$",
                () -> kms.createCustomKeyStore(xks().toBuilder().xksProxyUriPath("/kms/xks/v1/keys").build()));
        expectValidation(PREFIX + "Value 'com.amazonaws.vpce.us-east-1.not-a-service' at 'xksProxyVpcEndpointServiceName' "
                        + "failed to satisfy constraint: Member must satisfy regular expression pattern: "
                        + "^(com|eu)\\.amazonaws\\.vpce\\.([a-z]+-){2,3}\\d+\\.vpce-svc-[0-9a-z]+$",
                () -> kms.createCustomKeyStore(xks().toBuilder()
                        .xksProxyConnectivity(XksProxyConnectivityType.VPC_ENDPOINT_SERVICE)
                        .xksProxyVpcEndpointServiceName("com.amazonaws.vpce.us-east-1.not-a-service").build()));
        assertThat(kms.describeCustomKeyStores(r -> { }).customKeyStores()).isEmpty();
    }

    @Test
    void severalViolationsAreReportedTogether() {
        String name = "m".repeat(257);
        KmsException error = expectUnmodeledError("ValidationException",
                () -> kms(VALIDATION).createCustomKeyStore(cloudHsm(name, "short")));
        String message = error.awsErrorDetails().errorMessage();
        assertThat(message).startsWith("2 validation errors detected: ");
        assertThat(message).contains("Value '" + name + "' at 'customKeyStoreName' failed to satisfy constraint: "
                + "Member must have length less than or equal to 256");
        assertThat(message).contains("Value at 'keyStorePassword' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 7");
        assertThat(message).contains("; ");
    }

    @Test
    void memberOfTheWrongJsonTypeIsSerializationException() {
        HttpResponse<String> response = raw().call(VALIDATION, "DescribeCustomKeyStores", "{\"Limit\": \"ten\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = RawKmsHttp.json(response);
        assertThat(body.get("__type").textValue()).isEqualTo("SerializationException");
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");
    }

    private static KmsException expectValidation(String message, ThrowingCallable call) {
        KmsException error = expectUnmodeledError("ValidationException", call);
        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo(message);
        return error;
    }

    private CreateCustomKeyStoreRequest cloudHsm(String name, String password) {
        return CreateCustomKeyStoreRequest.builder()
                .customKeyStoreName(name)
                .cloudHsmClusterId(LOCAL_CLUSTER)
                .trustAnchorCertificate(trustAnchor(LOCAL_CLUSTER))
                .keyStorePassword(password)
                .build();
    }

    private static CreateCustomKeyStoreRequest xks() {
        return CreateCustomKeyStoreRequest.builder()
                .customKeyStoreName("xks-" + next())
                .customKeyStoreType(CustomKeyStoreType.EXTERNAL_KEY_STORE)
                .xksProxyConnectivity(XksProxyConnectivityType.PUBLIC_ENDPOINT)
                .xksProxyUriEndpoint(uniqueEndpoint("validation"))
                .xksProxyUriPath(XKS_PATH)
                .xksProxyAuthenticationCredential(xksCredential())
                .build();
    }
}
