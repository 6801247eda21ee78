package io.keyhold.command.testsupport;

import static io.keyhold.command.testsupport.KeyStoreTestData.ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.CLUSTER_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.STORE_ID;

import io.keyhold.api.key.CancelKmsKeyDeletionCommand;
import io.keyhold.api.key.CreateKmsKeyCommand;
import io.keyhold.api.key.DisableKmsKeyCommand;
import io.keyhold.api.key.EnableKmsKeyCommand;
import io.keyhold.api.key.KeyOrigin;
import io.keyhold.api.key.KmsKeyCreated;
import io.keyhold.api.key.KmsKeyDeleted;
import io.keyhold.api.key.KmsKeyDeletionScheduled;
import io.keyhold.api.key.ScheduleKmsKeyDeletionCommand;
import io.keyhold.api.keystore.CustomKeyStoreType;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/** Identifiers, given-state events and commands shared by the KmsKey and Alias tests. */
public final class KmsKeyTestData {

    public static final String KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";
    public static final String KEY_ARN = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/" + KEY_ID;
    public static final String OTHER_KEY_ID = "0987dcba-09ba-87dc-65fe-0987654321ba";
    public static final String XKS_KEY_ID = "ext-key-0001";
    public static final String MATERIAL_REF = "material-" + KEY_ID;
    public static final String DESCRIPTION = "payments key";
    public static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
    /** The fixture's clock: microsecond precision, as the aggregate records times. */
    public static final Instant NOW = Instant.parse("2025-03-04T05:06:07.123456Z");

    private KmsKeyTestData() {
    }

    public static CreateKmsKeyCommand createCloudHsmKey() {
        return create(CustomKeyStoreType.AWS_CLOUDHSM, KeyOrigin.AWS_CLOUDHSM, null);
    }

    public static CreateKmsKeyCommand createXksKey() {
        return create(CustomKeyStoreType.EXTERNAL_KEY_STORE, KeyOrigin.EXTERNAL_KEY_STORE, XKS_KEY_ID);
    }

    public static CreateKmsKeyCommand create(CustomKeyStoreType storeType, KeyOrigin origin, String xksKeyId) {
        boolean external = storeType == CustomKeyStoreType.EXTERNAL_KEY_STORE;
        return new CreateKmsKeyCommand(KEY_ID, KEY_ARN, ACCOUNT, STORE_ID, storeType, origin,
                external ? null : CLUSTER_ID, xksKeyId, DESCRIPTION, POLICY, external ? MATERIAL_REF : null);
    }

    public static KmsKeyCreated cloudHsmKeyCreated() {
        return new KmsKeyCreated(KEY_ID, KEY_ARN, ACCOUNT, STORE_ID, KeyOrigin.AWS_CLOUDHSM, CLUSTER_ID, null,
                DESCRIPTION, POLICY, null, NOW);
    }

    public static KmsKeyCreated xksKeyCreated() {
        return new KmsKeyCreated(KEY_ID, KEY_ARN, ACCOUNT, STORE_ID, KeyOrigin.EXTERNAL_KEY_STORE, null, XKS_KEY_ID,
                DESCRIPTION, POLICY, MATERIAL_REF, NOW);
    }

    /** The deletion date of a schedule made at {@link #NOW}. */
    public static Instant deletionAfter(int days) {
        return NOW.plus(Duration.ofDays(days));
    }

    public static KmsKeyDeletionScheduled deletionScheduled(int days) {
        return new KmsKeyDeletionScheduled(KEY_ID, days, deletionAfter(days));
    }

    /** One command of each operation on an existing key, as {@code (operation name, command)} arguments. */
    public static Stream<Arguments> keyOperations(String accountId) {
        return Stream.of(
                Arguments.of("EnableKey", new EnableKmsKeyCommand(KEY_ID, accountId)),
                Arguments.of("DisableKey", new DisableKmsKeyCommand(KEY_ID, accountId)),
                Arguments.of("ScheduleKeyDeletion", new ScheduleKmsKeyDeletionCommand(KEY_ID, accountId, 7)),
                Arguments.of("CancelKeyDeletion", new CancelKmsKeyDeletionCommand(KEY_ID, accountId)));
    }

    public static KmsKeyDeleted deleted(KmsKeyCreated created) {
        return new KmsKeyDeleted(KEY_ID, KEY_ARN, ACCOUNT, STORE_ID, created.origin(), created.materialRef());
    }
}
