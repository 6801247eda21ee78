package io.keyhold.query.key;

import io.keyhold.api.key.AliasCreated;
import io.keyhold.api.key.AliasDeleted;
import io.keyhold.api.key.KeyState;
import io.keyhold.api.key.KmsKeyCreated;
import io.keyhold.api.key.KmsKeyDeleted;
import io.keyhold.api.key.KmsKeyDeletionCancelled;
import io.keyhold.api.key.KmsKeyDeletionScheduled;
import io.keyhold.api.key.KmsKeyDisabled;
import io.keyhold.api.key.KmsKeyEnabled;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The key and alias views, {@code kms_key_view} and {@code kms_alias_view}. Runs in the
 * transaction that appends the events (subscribing processor), so DescribeKey and the crypto guard
 * never read a key state older than the last command that returned. The store's connection state
 * is not copied here: queries join it from the store view when they run. Handlers are idempotent.
 */
@ProcessingGroup(KmsKeyViewProjection.PROCESSING_GROUP)
public class KmsKeyViewProjection {

    public static final String PROCESSING_GROUP = "kms-key-view";

    private final JdbcClient jdbc;

    public KmsKeyViewProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    public void on(KmsKeyCreated event) {
        deleteKey(event.keyId());
        jdbc.sql("insert into kms_key_view (key_id, key_arn, account_id, custom_key_store_id, origin, "
                        + "cloud_hsm_cluster_id, xks_key_id, description, policy, material_ref, recorded_state, "
                        + "creation_micros) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(event.keyId(), event.keyArn(), event.accountId(), event.customKeyStoreId(),
                        event.origin().name(), event.cloudHsmClusterId(), event.xksKeyId(), event.description(),
                        event.policy(), event.materialRef(), KeyState.ENABLED.name(), micros(event.creationDate()))
                .update();
    }

    @EventHandler
    public void on(KmsKeyEnabled event) {
        state(event.keyId(), KeyState.ENABLED);
    }

    @EventHandler
    public void on(KmsKeyDisabled event) {
        state(event.keyId(), KeyState.DISABLED);
    }

    @EventHandler
    public void on(KmsKeyDeletionScheduled event) {
        jdbc.sql("update kms_key_view set recorded_state = ?, deletion_micros = ?, pending_window_days = ? "
                        + "where key_id = ?")
                .params(KeyState.PENDING_DELETION.name(), micros(event.deletionDate()), event.pendingWindowInDays(),
                        event.keyId())
                .update();
    }

    @EventHandler
    public void on(KmsKeyDeletionCancelled event) {
        state(event.keyId(), KeyState.DISABLED);
    }

    @EventHandler
    public void on(KmsKeyDeleted event) {
        deleteKey(event.keyId());
    }

    @EventHandler
    public void on(AliasCreated event) {
        deleteAlias(event.accountId(), event.aliasName());
        jdbc.sql("insert into kms_alias_view (account_id, alias_name, target_key_id, creation_micros) values (?, ?, ?, ?)")
                .params(event.accountId(), event.aliasName(), event.targetKeyId(), micros(event.creationDate()))
                .update();
    }

    @EventHandler
    public void on(AliasDeleted event) {
        deleteAlias(event.accountId(), event.aliasName());
    }

    /** Any state but PENDING_DELETION has no deletion date. */
    private void state(String keyId, KeyState state) {
        jdbc.sql("update kms_key_view set recorded_state = ?, deletion_micros = null, pending_window_days = null "
                        + "where key_id = ?")
                .params(state.name(), keyId)
                .update();
    }

    private void deleteKey(String keyId) {
        jdbc.sql("delete from kms_key_view where key_id = ?").param(keyId).update();
    }

    private void deleteAlias(String accountId, String aliasName) {
        jdbc.sql("delete from kms_alias_view where account_id = ? and alias_name = ?")
                .params(accountId, aliasName)
                .update();
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
