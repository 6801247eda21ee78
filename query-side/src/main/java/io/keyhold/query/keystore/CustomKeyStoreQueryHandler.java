package io.keyhold.query.keystore;

import io.keyhold.api.error.CustomKeyStoreNotFoundException;
import io.keyhold.api.error.ValidationException;
import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.api.keystore.CustomKeyStorePage;
import io.keyhold.api.keystore.CustomKeyStoreSummary;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.FetchCustomKeyStoresQuery;
import io.keyhold.api.keystore.XksProxyConnectivity;
import io.keyhold.api.keystore.XksProxySettings;
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

/** Answers DescribeCustomKeyStores from the view, in creation order, one page at a time. */
public class CustomKeyStoreQueryHandler {

    private final JdbcClient jdbc;
    private final MarkerCodec markers;

    public CustomKeyStoreQueryHandler(JdbcClient jdbc, MarkerCodec markers) {
        this.jdbc = jdbc;
        this.markers = markers;
    }

    @QueryHandler
    public CustomKeyStorePage handle(FetchCustomKeyStoresQuery query) {
        if (query.customKeyStoreId() != null && query.customKeyStoreName() != null) {
            throw new ValidationException("Specify either the CustomKeyStoreId or the CustomKeyStoreName parameter, not both.");
        }
        StringBuilder sql = new StringBuilder("select * from custom_key_store_view where account_id = ?");
        List<Object> params = new ArrayList<>(List.of(query.accountId()));
        if (query.customKeyStoreId() != null) {
            sql.append(" and custom_key_store_id = ?");
            params.add(query.customKeyStoreId());
        }
        if (query.customKeyStoreName() != null) {
            sql.append(" and custom_key_store_name = ?");
            params.add(query.customKeyStoreName());
        }
        if (query.marker() != null) {
            MarkerCodec.Position after = markers.decode(query.accountId(), query.marker());
            sql.append(" and (creation_micros > ? or (creation_micros = ? and custom_key_store_id > ?))");
            params.add(after.creationMicros());
            params.add(after.creationMicros());
            params.add(after.id());
        }
        sql.append(" order by creation_micros, custom_key_store_id");
        List<Row> rows = jdbc.sql(sql.toString()).params(params).query(this::row).list();
        if (rows.isEmpty() && (query.customKeyStoreId() != null || query.customKeyStoreName() != null)) {
            throw new CustomKeyStoreNotFoundException(query.customKeyStoreId() != null
                    ? "Custom key store " + query.customKeyStoreId() + " does not exist in this account and Region."
                    : "No custom key store named '" + query.customKeyStoreName() + "' exists in this account and Region.");
        }
        PageCut<Row> page = PageCut.of(rows, query.limit(), row -> markers.encode(query.accountId(), row.position()));
        return new CustomKeyStorePage(page.rows().stream().map(Row::summary).toList(), page.nextMarker(), page.truncated());
    }

    private record Row(CustomKeyStoreSummary summary, MarkerCodec.Position position) {
    }

    private Row row(ResultSet rs, int rowNumber) throws SQLException {
        long micros = rs.getLong("creation_micros");
        ConnectionState state = ConnectionState.valueOf(rs.getString("connection_state"));
        String errorCode = rs.getString("connection_error_code");
        String connectivity = rs.getString("xks_connectivity");
        XksProxySettings xks = connectivity == null ? null : new XksProxySettings(rs.getString("xks_uri_endpoint"),
                rs.getString("xks_uri_path"), XksProxyConnectivity.valueOf(connectivity),
                rs.getString("xks_vpc_endpoint_service_name"), rs.getString("xks_vpc_endpoint_service_owner"),
                rs.getString("xks_access_key_id"));
        CustomKeyStoreSummary summary = new CustomKeyStoreSummary(rs.getString("custom_key_store_id"),
                rs.getString("custom_key_store_name"), CustomKeyStoreType.valueOf(rs.getString("custom_key_store_type")),
                state,
                state == ConnectionState.FAILED && errorCode != null ? ConnectionErrorCode.valueOf(errorCode) : null,
                Instant.EPOCH.plus(micros, ChronoUnit.MICROS), rs.getString("cloud_hsm_cluster_id"),
                rs.getString("trust_anchor_certificate"), xks);
        return new Row(summary, new MarkerCodec.Position(micros, summary.customKeyStoreId()));
    }
}
