package io.keyhold.server.key;

import static io.keyhold.server.key.KeyAccount.FINDER;
import static io.keyhold.server.key.KeyAccount.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.key.AliasIds;
import io.keyhold.api.key.CreateAliasCommand;
import io.keyhold.api.key.KeyOrigin;
import io.keyhold.api.key.KeyState;
import io.keyhold.api.key.KmsKeyView;
import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.api.keystore.CustomKeyStoreType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * FindKmsKeyQuery with every identifier KMS accepts: key id and alias name in the caller's
 * account, key ARN and alias ARN in the account they name, so another account's key is reached
 * only by an ARN that matches it exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KmsKeyFindTest extends KmsKeyIntegrationTest {

    private static final String ALIAS = "alias/finder";

    private Instant createdAfter;
    private String storeId;
    private String keyId;

    @BeforeAll
    void keyWithAnAlias() {
        storeId = connectedStore(FINDER);
        createdAfter = Instant.now();
        keyId = createKey(FINDER, storeId);
        commands.sendAndWait(new CreateAliasCommand(AliasIds.of(FINDER.accountId(), ALIAS), FINDER.accountId(), ALIAS, keyId));
    }

    @Test
    void aKeyIsFoundByItsIdWithItsStoresTypeAndConnectionState() {
        KmsKeyView key = find(FINDER, keyId);

        assertThat(key.keyId()).isEqualTo(keyId);
        assertThat(key.keyArn()).isEqualTo(FINDER.keyArn(keyId));
        assertThat(key.accountId()).isEqualTo(FINDER.accountId());
        assertThat(key.customKeyStoreId()).isEqualTo(storeId);
        assertThat(key.storeType()).isEqualTo(CustomKeyStoreType.AWS_CLOUDHSM);
        assertThat(key.storeConnectionState()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(key.origin()).isEqualTo(KeyOrigin.AWS_CLOUDHSM);
        assertThat(key.cloudHsmClusterId()).isEqualTo(FINDER.clusterId());
        assertThat(key.xksKeyId()).isNull();
        assertThat(key.description()).isEqualTo("key " + keyId);
        assertThat(key.policy()).isNull();
        assertThat(key.materialRef()).isNull();
        assertThat(key.recordedState()).isEqualTo(KeyState.ENABLED);
        assertThat(key.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(key.creationDate()).isCloseTo(createdAfter, within(30, ChronoUnit.SECONDS))
                .isAfterOrEqualTo(createdAfter.truncatedTo(ChronoUnit.MICROS));
        assertThat(key.deletionDate()).isNull();
        assertThat(key.pendingDeletionWindowInDays()).isNull();
    }

    @Test
    void theKeyArnAliasNameAndAliasArnFindTheSameKey() {
        KmsKeyView byId = find(FINDER, keyId);
        assertThat(find(FINDER, FINDER.keyArn(keyId))).isEqualTo(byId);
        assertThat(find(FINDER, ALIAS)).isEqualTo(byId);
        assertThat(find(FINDER, FINDER.aliasArn(ALIAS))).isEqualTo(byId);
    }

    @Test
    void anotherAccountFindsTheKeyOnlyByItsArns() {
        KmsKeyView owners = find(FINDER, keyId);
        assertThat(find(STRANGER, keyId)).isNull();
        assertThat(find(STRANGER, ALIAS)).isNull();
        assertThat(find(STRANGER, FINDER.keyArn(keyId))).isEqualTo(owners);
        assertThat(find(STRANGER, FINDER.aliasArn(ALIAS))).isEqualTo(owners);
    }

    @Test
    void anArnMustNameTheKeyExactly() {
        assertThat(find(FINDER, STRANGER.keyArn(keyId))).as("another account").isNull();
        assertThat(find(FINDER, FINDER.keyArn(keyId).replace("us-east-1", "eu-west-1"))).as("another region").isNull();
        assertThat(find(FINDER, FINDER.keyArn(keyId).replace("arn:aws:", "arn:aws-cn:"))).as("another partition").isNull();
        assertThat(find(FINDER, STRANGER.aliasArn(ALIAS))).as("the alias in another account").isNull();
        assertThat(find(FINDER, FINDER.aliasArn(ALIAS).replace("us-east-1", "eu-west-1"))).as("alias, another region")
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alias/unknown", "arn:aws:kms:us-east-1:300000000001:alias/unknown",
            "arn:aws:s3:::keys-bucket", "arn:aws:kms:us-east-1:300000000001:grant/abc", "not-a-key-id"})
    void identifiersOfNoKeyFindNothing(String identifier) {
        assertThat(find(FINDER, identifier)).isNull();
    }

    @Test
    void anUnknownKeyIdFindsNothing() {
        assertThat(find(FINDER, UUID.randomUUID().toString())).isNull();
    }

    @Test
    void anAliasNamesAKeyOfItsOwnAccountOnly() {
        String name = "alias/stolen";
        NotFoundException error = expectKmsError(NotFoundException.class, () -> commands.sendAndWait(
                new CreateAliasCommand(AliasIds.of(STRANGER.accountId(), name), STRANGER.accountId(), name, keyId)));
        assertThat(error.getMessage()).isEqualTo("Key '" + keyId + "' does not exist");
        assertThat(find(STRANGER, name)).isNull();
    }
}
