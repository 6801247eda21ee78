package io.keyhold.server.key;

import static io.keyhold.server.key.KeyAccount.DELETER;
import static io.keyhold.server.key.KeyAccount.EXTERNAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.keyhold.api.error.CustomKeyStoreNotFoundException;
import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.error.XksKeyAlreadyInUseException;
import io.keyhold.api.key.AliasIds;
import io.keyhold.api.key.AliasPage;
import io.keyhold.api.key.CreateAliasCommand;
import io.keyhold.api.key.CreateKmsKeyCommand;
import io.keyhold.api.key.EnableKmsKeyCommand;
import io.keyhold.api.key.KeyOrigin;
import io.keyhold.api.key.ListAliasesQuery;
import io.keyhold.api.key.ScheduleKmsKeyDeletionCommand;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.server.testsupport.KeyDeletionDeadlines;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.kms.model.CustomKeyStoreHasCmKsException;

/**
 * A store holds its keys until their deletion completes: DeleteCustomKeyStore is refused while any
 * key is in it, pending deletion included, and the persistent deadline that ends the waiting
 * period removes the key, its lookup row and its aliases. External keys are claimed once per store.
 */
class KmsKeyDeletionTest extends KmsKeyIntegrationTest {

    private static final Duration DEADLINE_FIRES = Duration.ofSeconds(30);

    private int count(String sql, Object... params) {
        return jdbc.queryForObject(sql, Integer.class, params);
    }

    @Test
    void aStoreWithKeysCannotBeDeletedUntilTheirDeletionCompletes() {
        String storeId = connectedStore(DELETER);
        String keyId = createKey(DELETER, storeId);
        String alias = "alias/doomed";
        commands.sendAndWait(new CreateAliasCommand(AliasIds.of(DELETER.accountId(), alias), DELETER.accountId(), alias, keyId));
        disconnect(DELETER, storeId);

        CustomKeyStoreHasCmKsException refused = catchThrowableOfType(CustomKeyStoreHasCmKsException.class,
                () -> kms(DELETER).deleteCustomKeyStore(r -> r.customKeyStoreId(storeId)));
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("CustomKeyStoreHasCMKsException");
        assertThat(refused.awsErrorDetails().errorMessage())
                .isEqualTo("Cannot delete custom key store " + storeId + " because it contains KMS keys.");

        commands.sendAndWait(new ScheduleKmsKeyDeletionCommand(keyId, DELETER.accountId(), 7));
        assertThatThrownBy(() -> kms(DELETER).deleteCustomKeyStore(r -> r.customKeyStoreId(storeId)))
                .as("a key pending deletion still counts")
                .isInstanceOf(CustomKeyStoreHasCmKsException.class);

        KeyDeletionDeadlines.makeDue(jdbc, keyId);
        await().atMost(DEADLINE_FIRES).pollInterval(Duration.ofMillis(200))
                .until(() -> find(DELETER, keyId) == null);

        assertThat(count("select count(*) from kms_key_lookup where key_id = ?", keyId)).isZero();
        // db-scheduler removes the executed task after the deadline's own transaction has committed
        await().atMost(DEADLINE_FIRES).pollInterval(Duration.ofMillis(100))
                .until(() -> count("select count(*) from scheduled_tasks where task_name = 'AxonDeadline' "
                        + "and position(convert_to(?, 'UTF8') in task_data) > 0", keyId) == 0);
        await().atMost(DEADLINE_FIRES).pollInterval(Duration.ofMillis(200))
                .until(() -> query(new ListAliasesQuery(DELETER.accountId(), null, 10, null), AliasPage.class)
                        .aliases().isEmpty());
        assertThat(find(DELETER, alias)).isNull();
        assertThat(count("select count(*) from kms_alias_lookup where target_key_id = ?", keyId)).isZero();
        NotFoundException gone = expectKmsError(NotFoundException.class, () -> commands.sendAndWait(
                new EnableKmsKeyCommand(keyId, DELETER.accountId())));
        assertThat(gone.getMessage()).isEqualTo("Key '" + DELETER.keyArn(keyId) + "' does not exist");

        kms(DELETER).deleteCustomKeyStore(r -> r.customKeyStoreId(storeId));
        assertThat(count("select count(*) from custom_key_store_lookup where store_id = ?", storeId)).isZero();
    }

    @Test
    void anExternalKeyBacksOneKmsKeyPerStoreEvenUnderConcurrentCreates() throws Exception {
        String storeId = externalStore(EXTERNAL);
        int count = 8;
        ExecutorService pool = Executors.newFixedThreadPool(count);
        List<Throwable> failures = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> creates = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String keyId = UUID.randomUUID().toString();
                creates.add(pool.submit(() -> {
                    start.await();
                    return commands.sendAndWait(new CreateKmsKeyCommand(keyId, EXTERNAL.keyArn(keyId),
                            EXTERNAL.accountId(), storeId, CustomKeyStoreType.EXTERNAL_KEY_STORE,
                            KeyOrigin.EXTERNAL_KEY_STORE, null, "shared-ext-key", null, null, "material-" + keyId));
                }));
            }
            start.countDown();
            for (Future<?> create : creates) {
                try {
                    create.get();
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(failures).hasSize(count - 1).allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(XksKeyAlreadyInUseException.class)
                .hasMessage("The external key ID shared-ext-key is already associated with a KMS key in custom key store "
                        + storeId + "."));
        assertThat(count("select count(*) from kms_key_lookup where custom_key_store_id = ?", storeId)).isEqualTo(1);
        assertThat(count("select count(*) from kms_key_view where custom_key_store_id = ?", storeId)).isEqualTo(1);
    }

    @Test
    void aKeyCannotBeCreatedInAStoreThatIsGone() {
        String storeId = externalStore(DELETER);
        kms(DELETER).deleteCustomKeyStore(r -> r.customKeyStoreId(storeId));
        String keyId = UUID.randomUUID().toString();

        expectKmsError(CustomKeyStoreNotFoundException.class, () -> commands.sendAndWait(
                new CreateKmsKeyCommand(keyId, DELETER.keyArn(keyId), DELETER.accountId(), storeId,
                        CustomKeyStoreType.EXTERNAL_KEY_STORE, KeyOrigin.EXTERNAL_KEY_STORE, null, "ext-key", null, null,
                        null)));
        assertThat(find(DELETER, keyId)).isNull();
    }
}
