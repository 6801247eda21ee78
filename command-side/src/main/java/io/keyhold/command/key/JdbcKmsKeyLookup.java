package io.keyhold.command.key;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads {@code kms_key_lookup}, {@code kms_alias_lookup} and the store lookup they refer to. */
public class JdbcKmsKeyLookup implements KmsKeyLookup {

    private final JdbcClient jdbc;

    public JdbcKmsKeyLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean storeExists(String accountId, String customKeyStoreId) {
        return count("select count(*) from custom_key_store_lookup where store_id = ? and account_id = ?",
                customKeyStoreId, accountId) > 0;
    }

    @Override
    public boolean isXksKeyInUse(String customKeyStoreId, String xksKeyId) {
        return count("select count(*) from kms_key_lookup where custom_key_store_id = ? and xks_key_id = ?",
                customKeyStoreId, xksKeyId) > 0;
    }

    @Override
    public int countKeys(String customKeyStoreId) {
        return count("select count(*) from kms_key_lookup where custom_key_store_id = ?", customKeyStoreId);
    }

    @Override
    public boolean isKeyOf(String accountId, String keyId) {
        return count("select count(*) from kms_key_lookup where key_id = ? and account_id = ?", keyId, accountId) > 0;
    }

    @Override
    public List<String> aliasNamesOf(String keyId) {
        return jdbc.sql("select alias_name from kms_alias_lookup where target_key_id = ? order by alias_name")
                .param(keyId)
                .query(String.class)
                .list();
    }

    private int count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Integer.class).single();
    }
}
