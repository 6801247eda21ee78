package io.keyhold.server.keystore;

import static io.keyhold.server.testsupport.KmsErrors.expectError;
import static io.keyhold.server.testsupport.KmsErrors.expectInvalidCiphertext;
import static io.keyhold.server.testsupport.KmsErrors.expectUnmodeledError;
import static io.keyhold.server.keystore.TestAccount.KEYS;
import static io.keyhold.server.keystore.TestAccount.KEYS_ALIASES;
import static io.keyhold.server.keystore.TestAccount.KEYS_DELETION;
import static io.keyhold.server.keystore.TestAccount.KEYS_OTHER;
import static io.keyhold.server.keystore.TestAccount.KEYS_STATE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreHasCmKsException;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreInvalidStateException;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * KMS keys in a CloudHSM key store on the built-in software cluster, through the AWS SDK for Java
 * v2: creation, metadata, every crypto operation, the crypto guard's key-state table, deletion and
 * aliases.
 */
class KmsKeyEndToEndTest extends KeyholdEndToEndTest {

    private static final SdkBytes PLAINTEXT = SdkBytes.fromUtf8String("attack at dawn");
    private static final Map<String, String> CONTEXT = Map.of("purpose", "test", "tenant", "a");

    @Test
    void aKeyInAConnectedStoreEncryptsDecryptsAndGeneratesDataKeys() {
        KmsClient kms = kms(KEYS);
        String storeId = connectedStore(KEYS, "keys");

        Instant before = Instant.now();
        KeyMetadata key = kms.createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.AWS_CLOUDHSM)
                .description("first key")).keyMetadata();
        assertThat(key.keyId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(key.arn()).isEqualTo("arn:aws:kms:us-east-1:" + KEYS.accountId() + ":key/" + key.keyId());
        assertThat(key.awsAccountId()).isEqualTo(KEYS.accountId());
        assertThat(key.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(key.enabled()).isTrue();
        assertThat(key.origin()).isEqualTo(OriginType.AWS_CLOUDHSM);
        assertThat(key.customKeyStoreId()).isEqualTo(storeId);
        assertThat(key.cloudHsmClusterId()).isEqualTo(LOCAL_CLUSTER);
        assertThat(key.keySpecAsString()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(key.keyUsageAsString()).isEqualTo("ENCRYPT_DECRYPT");
        assertThat(key.keyManagerAsString()).isEqualTo("CUSTOMER");
        assertThat(key.encryptionAlgorithmsAsStrings()).containsExactly("SYMMETRIC_DEFAULT");
        assertThat(key.multiRegion()).isFalse();
        assertThat(key.xksKeyConfiguration()).isNull();
        assertThat(key.description()).isEqualTo("first key");
        assertThat(key.creationDate()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
        assertThat(kms.describeKey(r -> r.keyId(key.arn())).keyMetadata()).isEqualTo(key);

        EncryptResponse encrypted = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT).encryptionContext(CONTEXT));
        assertThat(encrypted.keyId()).isEqualTo(key.arn());
        assertThat(encrypted.encryptionAlgorithmAsString()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(new String(encrypted.ciphertextBlob().asByteArray(), StandardCharsets.ISO_8859_1))
                .doesNotContain(PLAINTEXT.asUtf8String());

        DecryptResponse decrypted = kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob()).encryptionContext(CONTEXT));
        assertThat(decrypted.plaintext()).isEqualTo(PLAINTEXT);
        assertThat(decrypted.keyId()).isEqualTo(key.arn());
        assertThat(kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob()).encryptionContext(CONTEXT)
                .keyId(key.arn())).plaintext()).isEqualTo(PLAINTEXT);

        expectInvalidCiphertext(() -> kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())
                .encryptionContext(Map.of("purpose", "test", "tenant", "b"))));
        expectInvalidCiphertext(() -> kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())));
        byte[] blob = encrypted.ciphertextBlob().asByteArray();
        for (int position : new int[] {0, 1, 2, 10, blob.length / 2, blob.length - 1}) {
            byte[] tampered = blob.clone();
            tampered[position] ^= 0x01;
            expectInvalidCiphertext(() -> kms.decrypt(r -> r
                    .ciphertextBlob(SdkBytes.fromByteArray(tampered)).encryptionContext(CONTEXT)));
        }

        KeyMetadata second = kms.createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.AWS_CLOUDHSM)).keyMetadata();
        expectError(IncorrectKeyException.class, () -> kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())
                .encryptionContext(CONTEXT).keyId(second.keyId())));

        ReEncryptResponse reEncrypted = kms.reEncrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())
                .sourceEncryptionContext(CONTEXT).destinationKeyId(second.keyId()));
        assertThat(reEncrypted.sourceKeyId()).isEqualTo(key.arn());
        assertThat(reEncrypted.keyId()).isEqualTo(second.arn());
        assertThat(kms.decrypt(r -> r.ciphertextBlob(reEncrypted.ciphertextBlob())).plaintext()).isEqualTo(PLAINTEXT);

        GenerateDataKeyResponse dataKey = kms.generateDataKey(r -> r.keyId(key.keyId()).keySpec(DataKeySpec.AES_256));
        assertThat(dataKey.plaintext().asByteArray()).hasSize(32);
        assertThat(kms.decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob())).plaintext()).isEqualTo(dataKey.plaintext());
        assertThat(kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(64)).plaintext().asByteArray()).hasSize(64);
        SdkBytes withoutPlaintext = kms.generateDataKeyWithoutPlaintext(r -> r.keyId(key.keyId())
                .keySpec(DataKeySpec.AES_128).encryptionContext(CONTEXT)).ciphertextBlob();
        assertThat(kms.decrypt(r -> r.ciphertextBlob(withoutPlaintext).encryptionContext(CONTEXT)).plaintext()
                .asByteArray()).hasSize(16);

        SdkBytes largest = SdkBytes.fromByteArray(new byte[4096]);
        SdkBytes sealed = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(largest)).ciphertextBlob();
        assertThat(kms.decrypt(r -> r.ciphertextBlob(sealed)).plaintext()).isEqualTo(largest);
        expectUnmodeledError("ValidationException",
                () -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(SdkBytes.fromByteArray(new byte[4097]))));

        assertThat(kms.generateRandom(r -> r.numberOfBytes(48).customKeyStoreId(storeId)).plaintext().asByteArray())
                .hasSize(48);
        assertThat(kms.generateRandom(r -> r.numberOfBytes(7)).plaintext().asByteArray()).hasSize(7);

        assertThat(kms.listKeys(r -> r.limit(1000)).keys()).extracting(k -> k.keyId())
                .containsExactly(key.keyId(), second.keyId());
        var firstPage = kms.listKeys(r -> r.limit(1));
        assertThat(firstPage.truncated()).isTrue();
        assertThat(kms.listKeys(r -> r.limit(1).marker(firstPage.nextMarker())).keys()).extracting(k -> k.keyArn())
                .containsExactly(second.arn());

        expectError(UnsupportedOperationException.class, () -> kms.enableKeyRotation(r -> r.keyId(key.keyId())));
        assertThat(catchMessage(() -> kms.getKeyRotationStatus(r -> r.keyId(key.keyId()))))
                .isEqualTo(key.arn() + " origin is AWS_CLOUDHSM which is not valid for this operation.");
        expectError(UnsupportedOperationException.class, () -> kms.getParametersForImport(r -> r.keyId(key.keyId())
                .wrappingAlgorithm("RSAES_OAEP_SHA_256").wrappingKeySpec("RSA_2048")));

        expectError(NotFoundException.class, () -> kms(KEYS_OTHER).describeKey(r -> r.keyId(key.keyId())));
        expectUnmodeledError("AccessDeniedException", () -> kms(KEYS_OTHER).describeKey(r -> r.keyId(key.arn())));
        expectError(NotFoundException.class, () -> kms(KEYS_OTHER).disableKey(r -> r.keyId(key.arn())));
    }

    @Test
    void theGuardFollowsTheStoreAndTheKeyState() {
        KmsClient kms = kms(KEYS_STATE);
        String storeId = connectedStore(KEYS_STATE, "keys-state");
        KeyMetadata key = kms.createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.AWS_CLOUDHSM)).keyMetadata();
        SdkBytes ciphertext = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT)).ciphertextBlob();

        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        KmsInvalidStateException unavailable = expectError(KmsInvalidStateException.class, "KMSInvalidStateException",
                () -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT)));
        assertThat(unavailable.awsErrorDetails().errorMessage()).isEqualTo(key.arn() + " is unavailable.");
        expectError(KmsInvalidStateException.class, "KMSInvalidStateException",
                () -> kms.decrypt(r -> r.ciphertextBlob(ciphertext)));
        expectError(KmsInvalidStateException.class, "KMSInvalidStateException",
                () -> kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(16)));
        KeyMetadata described = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
        assertThat(described.keyState()).isEqualTo(KeyState.UNAVAILABLE);
        assertThat(described.enabled()).isFalse();
        expectError(CustomKeyStoreInvalidStateException.class,
                () -> kms.createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.AWS_CLOUDHSM)));
        expectError(CustomKeyStoreInvalidStateException.class,
                () -> kms.generateRandom(r -> r.numberOfBytes(8).customKeyStoreId(storeId)));

        kms.disableKey(r -> r.keyId(key.keyId()));
        assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState())
                .as("Disable is deferred while the store is disconnected").isEqualTo(KeyState.UNAVAILABLE);
        reconnect(KEYS_STATE, storeId);
        assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState()).isEqualTo(KeyState.DISABLED);
        DisabledException disabled = expectError(DisabledException.class,
                () -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT)));
        assertThat(disabled.awsErrorDetails().errorMessage()).isEqualTo(key.arn() + " is disabled.");

        kms.enableKey(r -> r.keyId(key.keyId()));
        assertThat(kms.decrypt(r -> r.ciphertextBlob(ciphertext)).plaintext()).isEqualTo(PLAINTEXT);
    }

    @Test
    void aKeyPendingDeletionIsUnusableKeepsItsStoreAndCanBeRestored() {
        KmsClient kms = kms(KEYS_DELETION);
        String storeId = connectedStore(KEYS_DELETION, "keys-deletion");
        KeyMetadata key = kms.createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.AWS_CLOUDHSM)).keyMetadata();

        Instant before = Instant.now();
        ScheduleKeyDeletionResponse scheduled = kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
        assertThat(scheduled.keyId()).isEqualTo(key.arn());
        assertThat(scheduled.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(scheduled.pendingWindowInDays()).isEqualTo(7);
        assertThat(scheduled.deletionDate()).isBetween(before.plus(Duration.ofDays(7)).minusSeconds(5),
                Instant.now().plus(Duration.ofDays(7)).plusSeconds(5));
        KmsInvalidStateException pending = expectError(KmsInvalidStateException.class, "KMSInvalidStateException",
                () -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT)));
        assertThat(pending.awsErrorDetails().errorMessage()).isEqualTo(key.arn() + " is pending deletion.");

        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState())
                .as("a key pending deletion stays so while its store is disconnected").isEqualTo(KeyState.PENDING_DELETION);
        expectError(CustomKeyStoreHasCmKsException.class, "CustomKeyStoreHasCMKsException",
                () -> kms.deleteCustomKeyStore(r -> r.customKeyStoreId(storeId)));

        assertThat(kms.cancelKeyDeletion(r -> r.keyId(key.keyId())).keyId()).isEqualTo(key.arn());
        expectError(KmsInvalidStateException.class, "KMSInvalidStateException",
                () -> kms.cancelKeyDeletion(r -> r.keyId(key.keyId())));
        reconnect(KEYS_DELETION, storeId);
        assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState())
                .as("a cancelled deletion leaves the key disabled").isEqualTo(KeyState.DISABLED);
    }

    @Test
    void aliasesNameKeysForCryptoAndListing() {
        KmsClient kms = kms(KEYS_ALIASES);
        String storeId = connectedStore(KEYS_ALIASES, "keys-aliases");
        KeyMetadata key = kms.createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.AWS_CLOUDHSM)).keyMetadata();

        kms.createAlias(r -> r.aliasName("alias/payments").targetKeyId(key.keyId()));
        kms.createAlias(r -> r.aliasName("alias/archive").targetKeyId(key.arn()));
        expectError(software.amazon.awssdk.services.kms.model.AlreadyExistsException.class,
                () -> kms.createAlias(r -> r.aliasName("alias/payments").targetKeyId(key.keyId())));

        String aliasArn = "arn:aws:kms:us-east-1:" + KEYS_ALIASES.accountId() + ":alias/payments";
        SdkBytes ciphertext = kms.encrypt(r -> r.keyId("alias/payments").plaintext(PLAINTEXT)).ciphertextBlob();
        assertThat(kms.decrypt(r -> r.ciphertextBlob(ciphertext).keyId(aliasArn)).plaintext()).isEqualTo(PLAINTEXT);
        assertThat(kms.describeKey(r -> r.keyId(aliasArn)).keyMetadata().keyId()).isEqualTo(key.keyId());

        assertThat(kms.listAliases(r -> r.keyId(key.keyId())).aliases())
                .extracting(AliasListEntry::aliasName, AliasListEntry::aliasArn, AliasListEntry::targetKeyId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alias/archive",
                                "arn:aws:kms:us-east-1:" + KEYS_ALIASES.accountId() + ":alias/archive", key.keyId()),
                        org.assertj.core.groups.Tuple.tuple("alias/payments", aliasArn, key.keyId()));

        kms.deleteAlias(r -> r.aliasName("alias/payments"));
        NotFoundException gone = expectError(NotFoundException.class,
                () -> kms.encrypt(r -> r.keyId("alias/payments").plaintext(PLAINTEXT)));
        assertThat(gone.awsErrorDetails().errorMessage()).isEqualTo("Alias " + aliasArn + " is not found.");
        expectError(NotFoundException.class, () -> kms.deleteAlias(r -> r.aliasName("alias/payments")));
        kms.createAlias(r -> r.aliasName("alias/payments").targetKeyId(key.keyId()));
        assertThat(kms.listAliases().aliases()).extracting(AliasListEntry::aliasName)
                .containsExactly("alias/archive", "alias/payments");
    }

    /** The software cluster's kmsuser is shared; other tests may have rotated it meanwhile. */
    private void reconnect(TestAccount account, String storeId) {
        if (describe(account, storeId).connectionState() != ConnectionStateType.DISCONNECTED) {
            kms(account).disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        }
        String password = "reconnect-pw-" + next();
        setKmsUserPassword(password);
        kms(account).updateCustomKeyStore(r -> r.customKeyStoreId(storeId).keyStorePassword(password));
        kms(account).connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        awaitConnectOutcome(account, storeId, ConnectionStateType.CONNECTED);
    }

    private static String catchMessage(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return expectError(UnsupportedOperationException.class, call).awsErrorDetails().errorMessage();
    }
}
