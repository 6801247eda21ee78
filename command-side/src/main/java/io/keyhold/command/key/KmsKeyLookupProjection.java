package io.keyhold.command.key;

import io.keyhold.api.key.AliasCreated;
import io.keyhold.api.key.AliasDeleted;
import io.keyhold.api.key.KmsKeyCreated;
import io.keyhold.api.key.KmsKeyDeleted;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps the key and alias lookup tables in the transaction that appends the events (a subscribing
 * processor). Their constraints are the last line: an external key claimed twice in one store
 * fails one commit, and a key row refers to its store's lookup row, so a store cannot be deleted
 * in the same instant a key is created in it.
 */
@ProcessingGroup(KmsKeyLookupProjection.PROCESSING_GROUP)
public class KmsKeyLookupProjection {

    public static final String PROCESSING_GROUP = "kms-key-lookup";

    private final JdbcClient jdbc;

    public KmsKeyLookupProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    public void on(KmsKeyCreated event) {
        jdbc.sql("insert into kms_key_lookup (key_id, key_arn, account_id, custom_key_store_id, xks_key_id) "
                        + "values (?, ?, ?, ?, ?)")
                .params(event.keyId(), event.keyArn(), event.accountId(), event.customKeyStoreId(), event.xksKeyId())
                .update();
    }

    @EventHandler
    public void on(KmsKeyDeleted event) {
        jdbc.sql("delete from kms_key_lookup where key_id = ?").param(event.keyId()).update();
    }

    @EventHandler
    public void on(AliasCreated event) {
        jdbc.sql("insert into kms_alias_lookup (alias_id, account_id, alias_name, target_key_id) values (?, ?, ?, ?)")
                .params(event.aliasId(), event.accountId(), event.aliasName(), event.targetKeyId())
                .update();
    }

    @EventHandler
    public void on(AliasDeleted event) {
        jdbc.sql("delete from kms_alias_lookup where alias_id = ?").param(event.aliasId()).update();
    }
}
