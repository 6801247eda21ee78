package io.keyhold.query.key;

import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.key.AliasPage;
import io.keyhold.api.key.FindKmsKeyQuery;
import io.keyhold.api.key.KeyOrigin;
import io.keyhold.api.key.KeyState;
import io.keyhold.api.key.KmsKeyPage;
import io.keyhold.api.key.KmsKeyView;
import io.keyhold.api.key.ListAliasesQuery;
import io.keyhold.api.key.ListKmsKeysQuery;
import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.query.paging.MarkerCodec;
import io.keyhold.query.paging.PageCut;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Finds keys by every identifier KMS accepts, and answers ListKeys and ListAliases one page at a
 * time. A key is read together with its store's connection state in one statement at call time,
 * never from a cache: the crypto guard relies on seeing a Disconnect as soon as it has returned.
 */
public class KmsKeyQueryHandler {

    private static final String KEY_SELECT = "select k.*, s.custom_key_store_type, s.connection_state "
            + "from kms_key_view k left join custom_key_store_view s on s.custom_key_store_id = k.custom_key_store_id ";
    private static final String ALIAS_PREFIX = "alias/";
    private static final String KEY_RESOURCE = "key/";

    private final JdbcClient jdbc;
    private final MarkerCodec markers;

    public KmsKeyQueryHandler(JdbcClient jdbc, MarkerCodec markers) {
        this.jdbc = jdbc;
        this.markers = markers;
    }

    /**
     * A key id or an alias name is looked up in the caller's account; a key ARN or an alias ARN in
     * the account it names, so another account's key is reached only by its ARN.
     */
    @QueryHandler
    public KmsKeyView handle(FindKmsKeyQuery query) {
        String identifier = query.keyIdentifier();
        if (identifier.startsWith("arn:")) {
            return byArn(identifier);
        }
        if (identifier.startsWith(ALIAS_PREFIX)) {
            return byAlias(query.accountId(), identifier);
        }
        return byKeyId(query.accountId(), identifier);
    }

    @QueryHandler
    public KmsKeyPage handle(ListKmsKeysQuery query) {
        StringBuilder sql = new StringBuilder("select key_id, key_arn, creation_micros from kms_key_view where account_id = ?");
        List<Object> params = new ArrayList<>(List.of(query.accountId()));
        if (query.marker() != null) {
            MarkerCodec.Position after = markers.decode(query.accountId(), query.marker());
            sql.append(" and (creation_micros > ? or (creation_micros = ? and key_id > ?))");
            params.addAll(List.of(after.creationMicros(), after.creationMicros(), after.id()));
        }
        sql.append(" order by creation_micros, key_id limit ?");
        params.add(query.limit() + 1L);
        List<KeyRow> rows = jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new KeyRow(new KmsKeyPage.Entry(rs.getString("key_id"), rs.getString("key_arn")),
                        new MarkerCodec.Position(rs.getLong("creation_micros"), rs.getString("key_id"))))
                .list();
        PageCut<KeyRow> page = PageCut.of(rows, query.limit(), row -> markers.encode(query.accountId(), row.position()));
        return new KmsKeyPage(page.rows().stream().map(KeyRow::entry).toList(), page.nextMarker(), page.truncated());
    }

    /** {@code keyId} may be a key id or key ARN; it must name a key of the caller. */
    @QueryHandler
    public AliasPage handle(ListAliasesQuery query) {
        StringBuilder sql = new StringBuilder("select * from kms_alias_view where account_id = ?");
        List<Object> params = new ArrayList<>(List.of(query.accountId()));
        if (query.keyId() != null) {
            sql.append(" and target_key_id = ?");
            params.add(keyOfCaller(query.accountId(), query.keyId()).keyId());
        }
        if (query.marker() != null) {
            sql.append(" and alias_name > ?");
            params.add(markers.decode(query.accountId(), query.marker()).id());
        }
        sql.append(" order by alias_name limit ?");
        params.add(query.limit() + 1L);
        List<AliasRow> rows = jdbc.sql(sql.toString()).params(params).query(KmsKeyQueryHandler::aliasRow).list();
        PageCut<AliasRow> page = PageCut.of(rows, query.limit(), row -> markers.encode(query.accountId(), row.position()));
        return new AliasPage(page.rows().stream().map(AliasRow::entry).toList(), page.nextMarker(), page.truncated());
    }

    /** ListAliases names a key by id or key ARN, never by alias, and only a key of the caller. */
    private KmsKeyView keyOfCaller(String accountId, String keyIdOrArn) {
        KmsKeyView key = keyIdOrArn.startsWith("arn:") ? byArn(keyIdOrArn) : byKeyId(accountId, keyIdOrArn);
        boolean named = key != null && (key.keyId().equals(keyIdOrArn) || key.keyArn().equals(keyIdOrArn));
        if (!named || !key.accountId().equals(accountId)) {
            throw new NotFoundException("Key '" + keyIdOrArn + "' does not exist");
        }
        return key;
    }

    private KmsKeyView byKeyId(String accountId, String keyId) {
        return one(KEY_SELECT + "where k.key_id = ? and k.account_id = ?", keyId, accountId);
    }

    /** {@code arn:<partition>:kms:<region>:<account>:key/<id>} or {@code ...:alias/<name>}; anything else finds nothing. */
    private KmsKeyView byArn(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length != 6 || !parts[2].equals("kms")) {
            return null;
        }
        String resource = parts[5];
        if (resource.startsWith(KEY_RESOURCE)) {
            return one(KEY_SELECT + "where k.key_id = ? and k.key_arn = ?", resource.substring(KEY_RESOURCE.length()), arn);
        }
        if (resource.startsWith(ALIAS_PREFIX)) {
            KmsKeyView key = byAlias(parts[4], resource);
            String keyArnPrefix = String.join(":", parts[0], parts[1], parts[2], parts[3], parts[4]) + ":" + KEY_RESOURCE;
            return key != null && key.keyArn().equals(keyArnPrefix + key.keyId()) ? key : null;
        }
        return null;
    }

    private KmsKeyView byAlias(String accountId, String aliasName) {
        return one(KEY_SELECT + "join kms_alias_view a on a.target_key_id = k.key_id and a.account_id = k.account_id "
                + "where a.account_id = ? and a.alias_name = ?", accountId, aliasName);
    }

    private KmsKeyView one(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(KmsKeyQueryHandler::keyView).optional().orElse(null);
    }

    private static KmsKeyView keyView(ResultSet rs, int rowNumber) throws SQLException {
        String storeType = rs.getString("custom_key_store_type");
        String connectionState = rs.getString("connection_state");
        long deletionMicros = rs.getLong("deletion_micros");
        boolean pendingDeletion = !rs.wasNull();
        int window = rs.getInt("pending_window_days");
        return new KmsKeyView(rs.getString("key_id"), rs.getString("key_arn"), rs.getString("account_id"),
                rs.getString("custom_key_store_id"),
                storeType == null ? null : CustomKeyStoreType.valueOf(storeType),
                connectionState == null ? null : ConnectionState.valueOf(connectionState),
                KeyOrigin.valueOf(rs.getString("origin")), rs.getString("cloud_hsm_cluster_id"),
                rs.getString("xks_key_id"), rs.getString("description"), rs.getString("policy"),
                rs.getString("material_ref"), KeyState.valueOf(rs.getString("recorded_state")),
                instant(rs.getLong("creation_micros")),
                pendingDeletion ? instant(deletionMicros) : null,
                pendingDeletion ? window : null);
    }

    private record KeyRow(KmsKeyPage.Entry entry, MarkerCodec.Position position) {
    }

    private record AliasRow(AliasPage.Entry entry, MarkerCodec.Position position) {
    }

    private static AliasRow aliasRow(ResultSet rs, int rowNumber) throws SQLException {
        long micros = rs.getLong("creation_micros");
        String name = rs.getString("alias_name");
        return new AliasRow(new AliasPage.Entry(name, rs.getString("account_id"), rs.getString("target_key_id"),
                instant(micros)), new MarkerCodec.Position(micros, name));
    }

    private static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
