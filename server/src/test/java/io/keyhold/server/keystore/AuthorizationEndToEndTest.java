package io.keyhold.server.keystore;

import static io.keyhold.server.keystore.TestAccount.AUTHZ_HSM_KEYS;
import static io.keyhold.server.keystore.TestAccount.AUTHZ_NO_ENCRYPT;
import static io.keyhold.server.keystore.TestAccount.AUTHZ_OWNER;
import static io.keyhold.server.keystore.TestAccount.AUTHZ_PARTNER;
import static io.keyhold.server.keystore.TestAccount.AUTHZ_PARTNER_APP;
import static io.keyhold.server.keystore.TestAccount.AUTHZ_PARTNER_IDLE;
import static io.keyhold.server.keystore.TestAccount.AUTHZ_READER;
import static io.keyhold.server.testsupport.KmsErrors.expectError;
import static io.keyhold.server.testsupport.KmsErrors.expectUnmodeledError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreNotFoundException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * Identity policies and key policies through the AWS SDK for Java v2: users of AUTHZ_OWNER's account
 * with narrow policies, and a partner account that uses the owner's keys only where a key policy
 * shares them and its own policies allow.
 */
@ExtendWith(OutputCaptureExtension.class)
class AuthorizationEndToEndTest extends KeyholdEndToEndTest {

    private static final SdkBytes PLAINTEXT = SdkBytes.fromUtf8String("shared secret");

    /** One per account: the software cluster takes one store per account. */
    private static String storeId;

    @BeforeEach
    void ownerHasAConnectedStore() {
        if (storeId == null) {
            storeId = connectedStore(AUTHZ_OWNER, "authz");
        }
    }

    @Test
    void aUserAllowedOnlyToDescribeCannotCreateStoresOrKeys(CapturedOutput output) {
        KmsClient reader = kms(AUTHZ_READER);
        KmsException denied = expectUnmodeledError("AccessDeniedException",
                () -> createCloudHsmStore(AUTHZ_READER, "reader-store-" + next(), "password-1"));
        assertThat(denied.awsErrorDetails().errorMessage()).isEqualTo("User: " + AUTHZ_READER.principalArn()
                + " is not authorized to perform: kms:CreateCustomKeyStore on resource: * because no identity-based "
                + "policy allows the kms:CreateCustomKeyStore action");
        assertThat(output.getAll()).as("the security log").contains("Access denied: requestId=" + denied.requestId()
                + " principal=" + AUTHZ_READER.principalArn() + " source=127.0.0.1 action=kms:CreateCustomKeyStore");
        expectUnmodeledError("AccessDeniedException", () -> reader.deleteCustomKeyStore(r -> r.customKeyStoreId(storeId)));
        expectUnmodeledError("AccessDeniedException", () -> reader.listKeys(r -> r.limit(1)));

        assertThat(reader.describeCustomKeyStores(r -> r.customKeyStoreId(storeId)).customKeyStores()).hasSize(1);
        KeyMetadata key = kms(AUTHZ_OWNER).createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.AWS_CLOUDHSM))
                .keyMetadata();
        assertThat(reader.describeKey(r -> r.keyId(key.keyId())).keyMetadata().arn()).isEqualTo(key.arn());
        KmsException encrypt = expectUnmodeledError("AccessDeniedException",
                () -> reader.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT)));
        assertThat(encrypt.awsErrorDetails().errorMessage()).isEqualTo("User: " + AUTHZ_READER.principalArn()
                + " is not authorized to perform: kms:Encrypt on resource: " + key.arn()
                + " because no identity-based policy allows the kms:Encrypt action");
    }

    @Test
    void anExplicitDenyOnEncryptWinsOverKmsStar() {
        KmsClient user = kms(AUTHZ_NO_ENCRYPT);
        KeyMetadata key = user.createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.AWS_CLOUDHSM)).keyMetadata();
        KmsException denied = expectUnmodeledError("AccessDeniedException",
                () -> user.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT)));
        assertThat(denied.awsErrorDetails().errorMessage()).isEqualTo("User: " + AUTHZ_NO_ENCRYPT.principalArn()
                + " is not authorized to perform: kms:Encrypt on resource: " + key.arn()
                + " with an explicit deny in an identity-based policy");

        SdkBytes dataKey = user.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(32)).ciphertextBlob();
        assertThat(user.decrypt(r -> r.ciphertextBlob(dataKey)).keyId()).isEqualTo(key.arn());
    }

    @Test
    void kmsKeyOriginConfinesCreateKey() {
        KmsClient user = kms(AUTHZ_HSM_KEYS);
        assertThat(user.createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.AWS_CLOUDHSM)).keyMetadata()
                .origin()).isEqualTo(OriginType.AWS_CLOUDHSM);
        KmsException external = expectUnmodeledError("AccessDeniedException", () -> user.createKey(r -> r
                .customKeyStoreId(storeId).origin(OriginType.EXTERNAL_KEY_STORE).xksKeyId("some-external-key")));
        assertThat(external.awsErrorDetails().errorMessage()).isEqualTo("User: " + AUTHZ_HSM_KEYS.principalArn()
                + " is not authorized to perform: kms:CreateKey on resource: * because no identity-based policy "
                + "allows the kms:CreateKey action");
        expectUnmodeledError("AccessDeniedException", () -> user.createKey(r -> r.description("an AWS_KMS key")));
    }

    @Test
    void anotherAccountEncryptsByArnOnlyWhenTheKeyPolicySharesAndItsPoliciesAllow() {
        KmsClient owner = kms(AUTHZ_OWNER);
        KeyMetadata unshared = owner.createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.AWS_CLOUDHSM))
                .keyMetadata();
        KmsException denied = expectUnmodeledError("AccessDeniedException",
                () -> kms(AUTHZ_PARTNER_APP).encrypt(r -> r.keyId(unshared.arn()).plaintext(PLAINTEXT)));
        assertThat(denied.awsErrorDetails().errorMessage()).isEqualTo("User: " + AUTHZ_PARTNER_APP.principalArn()
                + " is not authorized to perform: kms:Encrypt on resource: " + unshared.arn()
                + " because no resource-based policy allows the kms:Encrypt action");
        expectUnmodeledError("AccessDeniedException",
                () -> kms(AUTHZ_PARTNER).encrypt(r -> r.keyId(unshared.arn()).plaintext(PLAINTEXT)));

        String missingArn = unshared.arn().replace(unshared.keyId(), "00000000-0000-0000-0000-000000000000");
        KmsException missing = expectUnmodeledError("AccessDeniedException",
                () -> kms(AUTHZ_PARTNER_APP).encrypt(r -> r.keyId(missingArn).plaintext(PLAINTEXT)));
        assertThat(missing.awsErrorDetails().errorMessage()).as("a missing key looks like an unshared one")
                .isEqualTo(denied.awsErrorDetails().errorMessage().replace(unshared.arn(), missingArn));

        KeyMetadata shared = owner.createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.AWS_CLOUDHSM)
                .policy(sharedWith(AUTHZ_PARTNER))).keyMetadata();
        SdkBytes ciphertext = kms(AUTHZ_PARTNER_APP).encrypt(r -> r.keyId(shared.arn()).plaintext(PLAINTEXT)
                .encryptionContext(Map.of("from", "partner"))).ciphertextBlob();
        assertThat(owner.decrypt(r -> r.ciphertextBlob(ciphertext).encryptionContext(Map.of("from", "partner")))
                .plaintext()).isEqualTo(PLAINTEXT);
        assertThat(kms(AUTHZ_PARTNER).encrypt(r -> r.keyId(shared.arn()).plaintext(PLAINTEXT)).keyId())
                .as("the partner's root is allowed by its own account").isEqualTo(shared.arn());

        KmsException idle = expectUnmodeledError("AccessDeniedException",
                () -> kms(AUTHZ_PARTNER_IDLE).encrypt(r -> r.keyId(shared.arn()).plaintext(PLAINTEXT)));
        assertThat(idle.awsErrorDetails().errorMessage()).endsWith(
                "because no identity-based policy allows the kms:Encrypt action");
        expectUnmodeledError("AccessDeniedException", () -> kms(AUTHZ_PARTNER_APP).decrypt(r -> r.ciphertextBlob(ciphertext)
                .encryptionContext(Map.of("from", "partner"))));
        expectError(NotFoundException.class, () -> kms(AUTHZ_PARTNER).describeKey(r -> r.keyId(shared.keyId())));
    }

    @Test
    void storesOfAnotherAccountStayInvisible() {
        expectError(CustomKeyStoreNotFoundException.class,
                () -> kms(AUTHZ_PARTNER).describeCustomKeyStores(r -> r.customKeyStoreId(storeId)));
        expectError(CustomKeyStoreNotFoundException.class,
                () -> kms(AUTHZ_PARTNER).connectCustomKeyStore(r -> r.customKeyStoreId(storeId)));
        expectError(CustomKeyStoreNotFoundException.class, () -> kms(AUTHZ_PARTNER)
                .createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.AWS_CLOUDHSM)));
    }

    @Test
    void aMalformedKeyPolicyIsRejected() {
        expectError(MalformedPolicyDocumentException.class, () -> kms(AUTHZ_OWNER).createKey(r -> r
                .customKeyStoreId(storeId).origin(OriginType.AWS_CLOUDHSM)
                .policy("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"kms:*\",\"Resource\":\"*\"}}")));
    }

    private static String sharedWith(TestAccount partner) {
        return """
                {"Version": "2012-10-17", "Statement": [
                  {"Sid": "Owner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root"},
                   "Action": "kms:*", "Resource": "*"},
                  {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": ["%s"]},
                   "Action": ["kms:Encrypt", "kms:GenerateDataKey*"], "Resource": "*"}]}
                """.formatted(AUTHZ_OWNER.accountId(), partner.accountId());
    }
}
