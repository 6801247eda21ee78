package io.keyhold.server.pkcs11;

import static io.keyhold.server.testsupport.KmsErrors.expectError;
import static io.keyhold.server.testsupport.KmsErrors.expectInvalidCiphertext;
import static io.keyhold.server.testsupport.KmsErrors.expectInvalidState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyhold.api.key.KmsKeyDeleted;
import io.keyhold.connector.pkcs11.TokenKeys;
import io.keyhold.connector.pkcs11.TokenKeys.TokenKey;
import io.keyhold.server.key.HsmKeyCleanup;
import io.keyhold.server.testsupport.EventHistory;
import io.keyhold.server.testsupport.KeyDeletionDeadlines;
import io.keyhold.server.testsupport.KmsClients;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;

/**
 * KMS keys in CloudHSM key stores on real PKCS#11 tokens (SoftHSM2), through the AWS SDK for Java
 * v2: each key an AES-256 key in the token labelled with its ARN, encrypting there; the guard after
 * a disconnect; the token key destroyed when the key's deletion completes.
 */
class Pkcs11KmsKeyEndToEndTest extends Pkcs11EndToEndTest {

    private static final SdkBytes PLAINTEXT = SdkBytes.fromUtf8String("attack at dawn");
    private static final Map<String, String> CONTEXT = Map.of("purpose", "test", "tenant", "a");
    private static final Duration DEADLINE_FIRES = Duration.ofSeconds(30);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventHistory history;

    @Test
    void aKeyIsANonExtractableTokenKeyLabelledWithItsArnThatEncryptsInTheToken() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            String storeId = connectedStore(kms, "softhsm-crypto", CRYPTO, CRYPTO_PIN);
            KeyMetadata key = createKey(kms, storeId);
            assertThat(key.origin()).isEqualTo(OriginType.AWS_CLOUDHSM);
            assertThat(key.customKeyStoreId()).isEqualTo(storeId);
            assertThat(key.cloudHsmClusterId()).isEqualTo(CRYPTO);
            assertThat(key.xksKeyConfiguration()).isNull();
            assertThat(key.keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(TokenKeys.labelled(token(CRYPTO), key.arn()))
                    .containsExactly(new TokenKey(key.arn(), true, true, true, false));

            SdkBytes ciphertext = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT).encryptionContext(CONTEXT))
                    .ciphertextBlob();
            assertThat(new String(ciphertext.asByteArray(), StandardCharsets.ISO_8859_1))
                    .doesNotContain(PLAINTEXT.asUtf8String());
            var decrypted = kms.decrypt(r -> r.ciphertextBlob(ciphertext).encryptionContext(CONTEXT));
            assertThat(decrypted.plaintext()).isEqualTo(PLAINTEXT);
            assertThat(decrypted.keyId()).isEqualTo(key.arn());

            GenerateDataKeyResponse dataKey = kms.generateDataKey(r -> r.keyId(key.arn()).keySpec(DataKeySpec.AES_256)
                    .encryptionContext(CONTEXT));
            assertThat(dataKey.plaintext().asByteArray()).hasSize(32);
            assertThat(kms.decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob()).encryptionContext(CONTEXT))
                    .plaintext()).isEqualTo(dataKey.plaintext());
            SdkBytes withoutPlaintext = kms.generateDataKeyWithoutPlaintext(r -> r.keyId(key.keyId()).numberOfBytes(24))
                    .ciphertextBlob();
            assertThat(kms.decrypt(r -> r.ciphertextBlob(withoutPlaintext)).plaintext().asByteArray()).hasSize(24);

            KeyMetadata second = createKey(kms, storeId);
            assertThat(TokenKeys.labelled(token(CRYPTO), second.arn())).hasSize(1);
            ReEncryptResponse reEncrypted = kms.reEncrypt(r -> r.ciphertextBlob(ciphertext).sourceEncryptionContext(CONTEXT)
                    .destinationKeyId(second.keyId()));
            assertThat(reEncrypted.sourceKeyId()).isEqualTo(key.arn());
            assertThat(reEncrypted.keyId()).isEqualTo(second.arn());
            assertThat(kms.decrypt(r -> r.ciphertextBlob(reEncrypted.ciphertextBlob())).plaintext()).isEqualTo(PLAINTEXT);

            assertThat(kms.generateRandom(r -> r.numberOfBytes(64).customKeyStoreId(storeId)).plaintext().asByteArray())
                    .hasSize(64);

            byte[] blob = ciphertext.asByteArray();
            int header = 4 + Byte.toUnsignedInt(blob[3]);
            // header, the HSM's IV, the ciphertext and the tag
            for (int position : new int[] {0, 1, 2, 3, header - 1, header, header + 11, header + 12, blob.length - 1}) {
                byte[] tampered = blob.clone();
                tampered[position] ^= 0x01;
                expectInvalidCiphertext(() -> kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(tampered))
                        .encryptionContext(CONTEXT)));
            }
            expectInvalidCiphertext(() -> kms.decrypt(r -> r.ciphertextBlob(ciphertext)
                    .encryptionContext(Map.of("purpose", "test", "tenant", "b"))));
            expectInvalidCiphertext(() -> kms.decrypt(r -> r.ciphertextBlob(ciphertext)));
        }
    }

    @Test
    void aDisconnectedStoreMakesItsKeysUnavailableAndAReconnectWithTheRotatedPinDecryptsOldCiphertexts() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            String storeId = connectedStore(kms, "softhsm-reconnect", RECONNECT, RECONNECT_PIN);
            KeyMetadata key = createKey(kms, storeId);
            SdkBytes ciphertext = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT).encryptionContext(CONTEXT))
                    .ciphertextBlob();
            assertThat(pinRotations(storeId)).isEqualTo(1);

            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
            String unavailable = key.arn() + " is unavailable.";
            assertThat(expectInvalidState(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT))))
                    .isEqualTo(unavailable);
            assertThat(expectInvalidState(() -> kms.decrypt(r -> r.ciphertextBlob(ciphertext).encryptionContext(CONTEXT))))
                    .isEqualTo(unavailable);
            assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState())
                    .isEqualTo(KeyState.UNAVAILABLE);

            assertThat(connect(kms, storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            assertThat(pinRotations(storeId)).as("the reconnect rotated kmsuser's PIN again").isEqualTo(2);
            assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(kms.decrypt(r -> r.ciphertextBlob(ciphertext).encryptionContext(CONTEXT)).plaintext())
                    .isEqualTo(PLAINTEXT);
        }
    }

    @Test
    void aCompletedDeletionDestroysTheTokenKeyAndTheEventHistoryStillReplays() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            String storeId = connectedStore(kms, "softhsm-deletion", DELETION, DELETION_PIN);
            KeyMetadata key = createKey(kms, storeId);
            KeyMetadata kept = createKey(kms, storeId);
            SdkBytes ciphertext = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT)).ciphertextBlob();
            String token = token(DELETION);
            assertThat(TokenKeys.labelled(token, key.arn())).hasSize(1);

            kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
            KeyDeletionDeadlines.makeDue(jdbc, key.keyId());
            await().atMost(DEADLINE_FIRES).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    expectError(NotFoundException.class, () -> kms.describeKey(r -> r.keyId(key.keyId()))));
            await().atMost(DEADLINE_FIRES).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(TokenKeys.labelled(token, key.arn())).isEmpty());
            assertThat(TokenKeys.labelled(token, kept.arn())).as("the store's other key stays").hasSize(1);
            expectInvalidCiphertext(() -> kms.decrypt(r -> r.ciphertextBlob(ciphertext)));

            assertThat(history.readEveryEvent()).filteredOn(KmsKeyDeleted.class::isInstance)
                    .map(KmsKeyDeleted.class::cast).singleElement()
                    .satisfies(deleted -> {
                        assertThat(deleted.keyArn()).isEqualTo(key.arn());
                        assertThat(deleted.materialRef()).as("the HSM holds the key material").isNull();
                    });
            history.assertCaughtUpWithoutErrors(HsmKeyCleanup.PROCESSING_GROUP);
            history.replay();
            assertThat(TokenKeys.labelled(token, kept.arn())).hasSize(1);
            assertThat(kms.encrypt(r -> r.keyId(kept.keyId()).plaintext(PLAINTEXT)).keyId()).isEqualTo(kept.arn());
        }
    }

    private static String connectedStore(KmsClient kms, String name, String clusterId, String pin) {
        String storeId = createStore(kms, name, clusterId, pin);
        assertThat(connect(kms, storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
        return storeId;
    }

    private static KeyMetadata createKey(KmsClient kms, String storeId) {
        return kms.createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.AWS_CLOUDHSM)).keyMetadata();
    }

    private int pinRotations(String storeId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                + "and payload_type like ?", Integer.class, storeId, "%KmsUserCredentialRotated");
    }
}
