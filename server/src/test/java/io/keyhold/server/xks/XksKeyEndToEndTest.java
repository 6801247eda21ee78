package io.keyhold.server.xks;

import static io.keyhold.server.testsupport.KmsErrors.expectError;
import static io.keyhold.server.testsupport.KmsErrors.expectInvalidCiphertext;
import static io.keyhold.server.testsupport.KmsErrors.expectInvalidState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keyhold.api.key.KmsKeyCreated;
import io.keyhold.api.key.KmsKeyDeleted;
import io.keyhold.command.key.DeletedKeyAliasCleanup;
import io.keyhold.server.key.HsmKeyCleanup;
import io.keyhold.server.testsupport.EventHistory;
import io.keyhold.server.testsupport.KeyDeletionDeadlines;
import io.keyhold.server.testsupport.KmsClients;
import io.keyhold.server.testsupport.XksProxyProcess;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreInvalidStateException;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;
import software.amazon.awssdk.services.kms.model.XksKeyAlreadyInUseException;
import software.amazon.awssdk.services.kms.model.XksKeyInvalidConfigurationException;
import software.amazon.awssdk.services.kms.model.XksKeyNotFoundException;

/**
 * KMS keys in external key stores against the real XKS proxy process, through the AWS SDK for
 * Java v2: double encryption with the proxy's external key, the XksKey errors of CreateKey, every
 * crypto failure as KMSInvalidStateException (connectors.md A.7, A.10, A.11), and a deletion that
 * shreds Keyhold's inner key while the event history stays readable.
 */
class XksKeyEndToEndTest extends XksEndToEndTest {

    private static final SdkBytes PLAINTEXT = SdkBytes.fromUtf8String("attack at dawn");
    private static final Map<String, String> CONTEXT = Map.of("purpose", "test", "tenant", "a");
    private static final Duration DEADLINE_FIRES = Duration.ofSeconds(30);

    @Autowired
    EventHistory history;

    @Test
    void aKeyOnAnExternalKeyEncryptsDecryptsAndGeneratesDataKeysThroughTheProxy() {
        try (KmsClient kms = kms(XksAccount.ROUND_TRIP)) {
            String storeId = connectedStore(kms, "xks-keys", KEYS_HOST);

            Instant before = Instant.now();
            KeyMetadata key = kms.createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.EXTERNAL_KEY_STORE)
                    .xksKeyId(XksProxyProcess.KEY).description("external")).keyMetadata();
            assertThat(key.arn()).isEqualTo(XksAccount.ROUND_TRIP.keyArn(key.keyId()));
            assertThat(key.origin()).isEqualTo(OriginType.EXTERNAL_KEY_STORE);
            assertThat(key.customKeyStoreId()).isEqualTo(storeId);
            assertThat(key.xksKeyConfiguration().id()).isEqualTo(XksProxyProcess.KEY);
            assertThat(key.cloudHsmClusterId()).isNull();
            assertThat(key.keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(key.enabled()).isTrue();
            assertThat(key.keySpecAsString()).isEqualTo("SYMMETRIC_DEFAULT");
            assertThat(key.keyUsageAsString()).isEqualTo("ENCRYPT_DECRYPT");
            assertThat(key.keyManagerAsString()).isEqualTo("CUSTOMER");
            assertThat(key.multiRegion()).isFalse();
            assertThat(key.description()).isEqualTo("external");
            assertThat(key.creationDate()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
            assertThat(kms.describeKey(r -> r.keyId(key.arn())).keyMetadata()).isEqualTo(key);

            EncryptResponse encrypted = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT)
                    .encryptionContext(CONTEXT));
            assertThat(encrypted.keyId()).isEqualTo(key.arn());
            assertThat(new String(encrypted.ciphertextBlob().asByteArray(), StandardCharsets.ISO_8859_1))
                    .doesNotContain(PLAINTEXT.asUtf8String());
            String encryptRequestId = encrypted.responseMetadata().requestId();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(HEALTHY.log())
                    .as("the proxy encrypted with the external key").contains(encryptRequestId));

            DecryptResponse decrypted = kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())
                    .encryptionContext(CONTEXT));
            assertThat(decrypted.plaintext()).isEqualTo(PLAINTEXT);
            assertThat(decrypted.keyId()).isEqualTo(key.arn());
            assertThat(kms.decrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob()).encryptionContext(CONTEXT)
                    .keyId(key.keyId())).plaintext()).isEqualTo(PLAINTEXT);

            GenerateDataKeyResponse dataKey = kms.generateDataKey(r -> r.keyId(key.arn()).keySpec(DataKeySpec.AES_256));
            assertThat(dataKey.keyId()).isEqualTo(key.arn());
            assertThat(dataKey.plaintext().asByteArray()).hasSize(32);
            assertThat(kms.decrypt(r -> r.ciphertextBlob(dataKey.ciphertextBlob())).plaintext())
                    .isEqualTo(dataKey.plaintext());
            GenerateDataKeyResponse bytes = kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(64)
                    .encryptionContext(CONTEXT));
            assertThat(kms.decrypt(r -> r.ciphertextBlob(bytes.ciphertextBlob()).encryptionContext(CONTEXT))
                    .plaintext()).isEqualTo(bytes.plaintext());
            var withoutPlaintext = kms.generateDataKeyWithoutPlaintext(r -> r.keyId(key.keyId())
                    .keySpec(DataKeySpec.AES_128).encryptionContext(CONTEXT));
            assertThat(withoutPlaintext.keyId()).isEqualTo(key.arn());
            assertThat(kms.decrypt(r -> r.ciphertextBlob(withoutPlaintext.ciphertextBlob()).encryptionContext(CONTEXT))
                    .plaintext().asByteArray()).hasSize(16);

            Map<String, String> newContext = Map.of("purpose", "archive");
            ReEncryptResponse reEncrypted = kms.reEncrypt(r -> r.ciphertextBlob(encrypted.ciphertextBlob())
                    .sourceEncryptionContext(CONTEXT).destinationKeyId(key.keyId())
                    .destinationEncryptionContext(newContext));
            assertThat(reEncrypted.sourceKeyId()).isEqualTo(key.arn());
            assertThat(reEncrypted.keyId()).isEqualTo(key.arn());
            assertThat(kms.decrypt(r -> r.ciphertextBlob(reEncrypted.ciphertextBlob()).encryptionContext(newContext))
                    .plaintext()).isEqualTo(PLAINTEXT);

            UnsupportedOperationException random = expectError(UnsupportedOperationException.class,
                    () -> kms.generateRandom(r -> r.numberOfBytes(16).customKeyStoreId(storeId)));
            assertThat(random.awsErrorDetails().errorMessage())
                    .isEqualTo("GenerateRandom is not supported for external key stores.");
            assertThat(kms.generateRandom(r -> r.numberOfBytes(16)).plaintext().asByteArray()).hasSize(16);
        }
    }

    @Test
    void aSecondKmsKeyOnTheSameExternalKeyCannotReadTheFirstKeysCiphertexts() {
        try (KmsClient kms = kms(XksAccount.TWINS)) {
            String storeId = connectedStore(kms, "xks-first", KEYS_HOST);
            String twinStoreId = connectedStore(kms, "xks-twin", TWIN_HOST);
            KeyMetadata first = createKey(kms, storeId, XksProxyProcess.KEY);
            int materialBefore = jdbc.queryForObject("select count(*) from key_material", Integer.class);

            XksKeyAlreadyInUseException inUse = expectError(XksKeyAlreadyInUseException.class,
                    () -> createKey(kms, storeId, XksProxyProcess.KEY));
            assertThat(inUse.awsErrorDetails().errorMessage()).isEqualTo("The external key ID " + XksProxyProcess.KEY
                    + " is already associated with a KMS key in custom key store " + storeId + ".");
            assertThat(kms.listKeys().keys()).as("the refused key left nothing behind").hasSize(1);
            assertThat(jdbc.queryForObject("select count(*) from key_material", Integer.class))
                    .as("the refused key's inner key is destroyed again").isEqualTo(materialBefore);

            KeyMetadata second = createKey(kms, twinStoreId, XksProxyProcess.KEY);
            SdkBytes ciphertext = kms.encrypt(r -> r.keyId(first.keyId()).plaintext(PLAINTEXT)
                    .encryptionContext(CONTEXT)).ciphertextBlob();

            expectError(IncorrectKeyException.class, () -> kms.decrypt(r -> r.ciphertextBlob(ciphertext)
                    .encryptionContext(CONTEXT).keyId(second.keyId())));
            // a blob rewritten to name the second key: its inner key and the bound header differ
            byte[] forged = ciphertext.asByteArray();
            byte[] firstArn = first.arn().getBytes(StandardCharsets.UTF_8);
            byte[] secondArn = second.arn().getBytes(StandardCharsets.UTF_8);
            assertThat(forged[3]).isEqualTo((byte) firstArn.length);
            System.arraycopy(secondArn, 0, forged, 4, secondArn.length);
            assertThat(expectInvalidState(() -> decrypt(kms, forged, CONTEXT)))
                    .startsWith("KMS cannot decrypt with " + second.arn() + ". ");

            ReEncryptResponse moved = kms.reEncrypt(r -> r.ciphertextBlob(ciphertext).sourceEncryptionContext(CONTEXT)
                    .destinationKeyId(second.arn()));
            assertThat(moved.sourceKeyId()).isEqualTo(first.arn());
            assertThat(moved.keyId()).isEqualTo(second.arn());
            DecryptResponse decrypted = kms.decrypt(r -> r.ciphertextBlob(moved.ciphertextBlob()));
            assertThat(decrypted.keyId()).isEqualTo(second.arn());
            assertThat(decrypted.plaintext()).isEqualTo(PLAINTEXT);
        }
    }

    /**
     * A blob whose Keyhold header is altered names no key (or no key of that origin) and is an
     * InvalidCiphertextException; once the header names the XKS key, anything wrong with the
     * proxy's layer or the inner layer is KMSInvalidStateException, as KMS reports it for XKS keys.
     */
    @Test
    void aTamperedCiphertextOrAWrongContextIsAnInvalidStateOfTheXksKey() {
        try (KmsClient kms = kms(XksAccount.TAMPER)) {
            String storeId = connectedStore(kms, "xks-tamper", KEYS_HOST);
            KeyMetadata key = createKey(kms, storeId, XksProxyProcess.KEY);
            byte[] blob = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT).encryptionContext(CONTEXT))
                    .ciphertextBlob().asByteArray();
            int header = 4 + Byte.toUnsignedInt(blob[3]);

            for (int position : new int[] {0, 1, 2, 3, 4, header - 1}) {
                expectInvalidCiphertext(() -> decrypt(kms, flipped(blob, position), CONTEXT));
            }

            String rejectedByProxy = "KMS cannot decrypt with " + key.arn() + ". The external key store proxy rejected"
                    + " the ciphertext: the ciphertext or its encryption context is corrupted, missing, or otherwise"
                    + " invalid.";
            assertThat(expectInvalidState(() -> decrypt(kms, blob, Map.of("purpose", "test", "tenant", "b"))))
                    .isEqualTo(rejectedByProxy);
            assertThat(expectInvalidState(() -> decrypt(kms, blob, Map.of()))).isEqualTo(rejectedByProxy);

            // body: innerIv(12) | u8 metadataLen | metadata | u8 ivLen | xksIv | xksTag(16) | u16 ctLen | xksCt
            int metadataLength = Byte.toUnsignedInt(blob[header + 12]);
            assertThat(metadataLength).as("the proxy's ciphertextMetadata keyhold-aad=v1").isEqualTo(14);
            int ivLength = Byte.toUnsignedInt(blob[header + 13 + metadataLength]);
            int xksIv = header + 14 + metadataLength;
            assertThat(expectInvalidState(() -> decrypt(kms, flipped(blob, header), CONTEXT)))
                    .as("the proxy's layer is intact, Keyhold's inner layer is not")
                    .isEqualTo("KMS cannot decrypt with " + key.arn() + ". The ciphertext or its encryption context is"
                            + " corrupted, or the ciphertext was encrypted under another KMS key.");
            for (int position : new int[] {header + 13, xksIv, xksIv + ivLength, blob.length - 1}) {
                assertThat(expectInvalidState(() -> decrypt(kms, flipped(blob, position), CONTEXT)))
                        .isEqualTo(rejectedByProxy);
            }
            for (byte[] malformed : new byte[][] {flipped(blob, header + 12), flipped(blob, header + 13 + metadataLength),
                    Arrays.copyOf(blob, blob.length - 1), Arrays.copyOf(blob, blob.length + 1)}) {
                assertThat(expectInvalidState(() -> decrypt(kms, malformed, CONTEXT)))
                        .startsWith("KMS cannot decrypt with " + key.arn() + ". The ciphertext is malformed: ");
            }

            assertThat(decrypt(kms, blob, CONTEXT).plaintext()).isEqualTo(PLAINTEXT);
        }
    }

    @Test
    void createKeyAsksTheProxyWhetherTheExternalKeyCanBackAKmsKey() {
        try (KmsClient kms = kms(XksAccount.EXTERNAL_KEY_CHECKS)) {
            String storeId = connectedStore(kms, "xks-checks", KEYS_HOST);
            int materialBefore = jdbc.queryForObject("select count(*) from key_material", Integer.class);

            XksKeyNotFoundException unknown = expectError(XksKeyNotFoundException.class,
                    () -> createKey(kms, storeId, "no_such_key"));
            assertThat(unknown.awsErrorDetails().errorMessage()).contains("external key no_such_key");
            XksKeyInvalidConfigurationException disabled = expectError(XksKeyInvalidConfigurationException.class,
                    () -> createKey(kms, storeId, XksProxyProcess.DISABLED_KEY));
            assertThat(disabled.awsErrorDetails().errorMessage()).isEqualTo("The status of the external key "
                    + XksProxyProcess.DISABLED_KEY + " must be ENABLED. The status of the specified external key is"
                    + " DISABLED.");
            XksKeyInvalidConfigurationException encryptOnly = expectError(XksKeyInvalidConfigurationException.class,
                    () -> createKey(kms, storeId, XksProxyProcess.ENCRYPT_ONLY_KEY));
            assertThat(encryptOnly.awsErrorDetails().errorMessage()).isEqualTo("The key usage of the external key "
                    + XksProxyProcess.ENCRYPT_ONLY_KEY + " must include ENCRYPT and DECRYPT. The key usage of the"
                    + " specified external key is [ENCRYPT].");
            assertThat(kms.listKeys().keys()).isEmpty();
            assertThat(jdbc.queryForObject("select count(*) from key_material", Integer.class))
                    .as("no inner key is made for a refused external key").isEqualTo(materialBefore);

            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
            expectError(CustomKeyStoreInvalidStateException.class, () -> createKey(kms, storeId, XksProxyProcess.KEY));
        }
    }

    @Test
    void aProxyThatGoesAwayFailsCryptoWithKmsInvalidStateWhileTheStoreStaysConnected() {
        try (KmsClient kms = kms(XksAccount.PROXY_GONE)) {
            String storeId = connectedStore(kms, "xks-vanishing", VANISHING_HOST);
            KeyMetadata key = createKey(kms, storeId, XksProxyProcess.KEY);
            SdkBytes ciphertext = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT)).ciphertextBlob();

            VANISHING.close();

            // the first call may find a kept-alive connection that the proxy's end broke
            String proxy = Pattern.quote("the external key store proxy at https://" + VANISHING_HOST);
            String proxyGone = "(Cannot connect to " + proxy + ": the connection was refused\\."
                    + "|The connection to " + proxy + " broke before it answered \\w+ \\(.+\\)\\.)";
            assertThat(expectInvalidState(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT))))
                    .matches(Pattern.quote("KMS cannot encrypt with " + key.arn() + ". ") + proxyGone);
            assertThat(expectInvalidState(() -> kms.decrypt(r -> r.ciphertextBlob(ciphertext))))
                    .matches(Pattern.quote("KMS cannot decrypt with " + key.arn() + ". ") + proxyGone);
            assertThat(expectInvalidState(() -> kms.generateDataKey(r -> r.keyId(key.keyId()).numberOfBytes(32))))
                    .matches(Pattern.quote("KMS cannot encrypt with " + key.arn() + ". ") + proxyGone);
            assertThat(describe(kms, storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
        }
    }

    @Test
    void aDisconnectedStoreMakesItsKeysUnavailableUntilItReconnects() {
        try (KmsClient kms = kms(XksAccount.DISCONNECT)) {
            String storeId = connectedStore(kms, "xks-disconnect", KEYS_HOST);
            KeyMetadata key = createKey(kms, storeId, XksProxyProcess.KEY);
            SdkBytes ciphertext = kms.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT)).ciphertextBlob();

            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
            String unavailable = key.arn() + " is unavailable.";
            assertThat(expectInvalidState(() -> kms.encrypt(r -> r.keyId(key.keyId()).plaintext(PLAINTEXT))))
                    .isEqualTo(unavailable);
            assertThat(expectInvalidState(() -> kms.decrypt(r -> r.ciphertextBlob(ciphertext)))).isEqualTo(unavailable);
            assertThat(expectInvalidState(() -> kms.generateDataKeyWithoutPlaintext(r -> r.keyId(key.keyId())
                    .keySpec(DataKeySpec.AES_256)))).isEqualTo(unavailable);
            KeyMetadata described = kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata();
            assertThat(described.keyState()).isEqualTo(KeyState.UNAVAILABLE);
            assertThat(described.enabled()).isFalse();

            kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
            assertThat(awaitOutcome(kms, storeId).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            assertThat(kms.describeKey(r -> r.keyId(key.keyId())).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(kms.decrypt(r -> r.ciphertextBlob(ciphertext)).plaintext()).isEqualTo(PLAINTEXT);
        }
    }

    @Test
    void aCompletedDeletionShredsTheInnerKeyAndTheEventHistoryStillReplays() {
        try (KmsClient kms = kms(XksAccount.DELETION)) {
            String storeId = connectedStore(kms, "xks-deletion", KEYS_HOST);
            KeyMetadata key = createKey(kms, storeId, XksProxyProcess.KEY);
            kms.createAlias(r -> r.aliasName("alias/doomed").targetKeyId(key.keyId()));
            SdkBytes ciphertext = kms.encrypt(r -> r.keyId("alias/doomed").plaintext(PLAINTEXT)
                    .encryptionContext(CONTEXT)).ciphertextBlob();
            String materialRef = jdbc.queryForObject("select material_ref from kms_key_view where key_id = ?",
                    String.class, key.keyId());
            assertThat(materialRows(materialRef)).isEqualTo(1);

            kms.scheduleKeyDeletion(r -> r.keyId(key.keyId()).pendingWindowInDays(7));
            KeyDeletionDeadlines.makeDue(jdbc, key.keyId());
            await().atMost(DEADLINE_FIRES).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                    expectError(NotFoundException.class, () -> kms.describeKey(r -> r.keyId(key.keyId()))));

            assertThat(materialRows(materialRef)).as("the inner key is shredded").isZero();
            expectInvalidCiphertext(() -> kms.decrypt(r -> r.ciphertextBlob(ciphertext).encryptionContext(CONTEXT)));
            await().atMost(DEADLINE_FIRES).pollInterval(Duration.ofMillis(200))
                    .until(() -> kms.listAliases().aliases().isEmpty());
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));
            kms.deleteCustomKeyStore(r -> r.customKeyStoreId(storeId));

            List<Object> events = history.readEveryEvent();
            assertThat(events).filteredOn(KmsKeyCreated.class::isInstance).map(KmsKeyCreated.class::cast)
                    .filteredOn(created -> created.keyId().equals(key.keyId()))
                    .singleElement().extracting(KmsKeyCreated::materialRef).isEqualTo(materialRef);
            assertThat(events).filteredOn(KmsKeyDeleted.class::isInstance).map(KmsKeyDeleted.class::cast)
                    .filteredOn(deleted -> deleted.keyId().equals(key.keyId()))
                    .singleElement().extracting(KmsKeyDeleted::materialRef).isEqualTo(materialRef);
            history.assertCaughtUpWithoutErrors(DeletedKeyAliasCleanup.PROCESSING_GROUP);
            history.assertCaughtUpWithoutErrors(HsmKeyCleanup.PROCESSING_GROUP);
            history.replay();
            assertThat(materialRows(materialRef)).as("a replay brings no material back").isZero();
        }
    }

    private KmsClient kms(XksAccount account) {
        return KmsClients.forPort(port, account.accessKeyId());
    }

    private static String connectedStore(KmsClient kms, String name, String host) {
        String id = createPublic(kms, name, host, PATH, XksProxyProcess.SECRET);
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(awaitOutcome(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
        return id;
    }

    private static KeyMetadata createKey(KmsClient kms, String storeId, String xksKeyId) {
        return kms.createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.EXTERNAL_KEY_STORE).xksKeyId(xksKeyId))
                .keyMetadata();
    }

    private static DecryptResponse decrypt(KmsClient kms, byte[] blob, Map<String, String> context) {
        return kms.decrypt(r -> r.ciphertextBlob(SdkBytes.fromByteArray(blob)).encryptionContext(context));
    }

    private static byte[] flipped(byte[] blob, int position) {
        byte[] tampered = blob.clone();
        tampered[position] ^= 0x01;
        return tampered;
    }

    private int materialRows(String materialRef) {
        return jdbc.queryForObject("select count(*) from key_material where material_ref = ?", Integer.class,
                materialRef);
    }
}
