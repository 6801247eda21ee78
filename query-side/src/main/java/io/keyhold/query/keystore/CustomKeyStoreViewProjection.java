package io.keyhold.query.keystore;

import io.keyhold.api.keystore.CloudHsmClusterChanged;
import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.api.keystore.CustomKeyStoreCreated;
import io.keyhold.api.keystore.CustomKeyStoreDeleted;
import io.keyhold.api.keystore.CustomKeyStoreRenamed;
import io.keyhold.api.keystore.KeyStoreConnected;
import io.keyhold.api.keystore.KeyStoreConnecting;
import io.keyhold.api.keystore.KeyStoreConnectionFailed;
import io.keyhold.api.keystore.KeyStoreDisconnected;
import io.keyhold.api.keystore.XksProxyConfigurationChanged;
import io.keyhold.api.keystore.XksProxySettings;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The DescribeCustomKeyStores view, {@code custom_key_store_view}. Runs in the transaction that
 * appends the events (subscribing processor), so a caller never reads a state older than the one
 * its own last call produced. Handlers are idempotent.
 */
@ProcessingGroup(CustomKeyStoreViewProjection.PROCESSING_GROUP)
public class CustomKeyStoreViewProjection {

    public static final String PROCESSING_GROUP = "keystore-view";

    private final JdbcClient jdbc;

    public CustomKeyStoreViewProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    public void on(CustomKeyStoreCreated event) {
        delete(event.customKeyStoreId());
        XksProxySettings xks = event.xksProxy();
        jdbc.sql("insert into custom_key_store_view (custom_key_store_id, account_id, custom_key_store_name, "
                        + "custom_key_store_type, connection_state, creation_micros, cloud_hsm_cluster_id, "
                        + "trust_anchor_certificate, xks_uri_endpoint, xks_uri_path, xks_connectivity, "
                        + "xks_vpc_endpoint_service_name, xks_vpc_endpoint_service_owner, xks_access_key_id) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(event.customKeyStoreId(), event.accountId(), event.customKeyStoreName(),
                        event.customKeyStoreType().name(), ConnectionState.DISCONNECTED.name(),
                        ChronoUnit.MICROS.between(Instant.EPOCH, event.creationDate()),
                        event.cloudHsmClusterId(), event.trustAnchorCertificate(),
                        xks == null ? null : xks.uriEndpoint(), xks == null ? null : xks.uriPath(),
                        xks == null ? null : xks.connectivity().name(),
                        xks == null ? null : xks.vpcEndpointServiceName(),
                        xks == null ? null : xks.vpcEndpointServiceOwner(),
                        xks == null ? null : xks.accessKeyId())
                .update();
    }

    @EventHandler
    public void on(KeyStoreConnecting event) {
        state(event.customKeyStoreId(), ConnectionState.CONNECTING, null);
    }

    @EventHandler
    public void on(KeyStoreConnected event) {
        state(event.customKeyStoreId(), ConnectionState.CONNECTED, null);
    }

    @EventHandler
    public void on(KeyStoreConnectionFailed event) {
        state(event.customKeyStoreId(), ConnectionState.FAILED, event.connectionErrorCode());
    }

    @EventHandler
    public void on(KeyStoreDisconnected event) {
        state(event.customKeyStoreId(), ConnectionState.DISCONNECTED, null);
    }

    @EventHandler
    public void on(CustomKeyStoreRenamed event) {
        jdbc.sql("update custom_key_store_view set custom_key_store_name = ? where custom_key_store_id = ?")
                .params(event.customKeyStoreName(), event.customKeyStoreId())
                .update();
    }

    @EventHandler
    public void on(CloudHsmClusterChanged event) {
        jdbc.sql("update custom_key_store_view set cloud_hsm_cluster_id = ? where custom_key_store_id = ?")
                .params(event.cloudHsmClusterId(), event.customKeyStoreId())
                .update();
    }

    @EventHandler
    public void on(XksProxyConfigurationChanged event) {
        XksProxySettings xks = event.xksProxy();
        jdbc.sql("update custom_key_store_view set xks_uri_endpoint = ?, xks_uri_path = ?, xks_connectivity = ?, "
                        + "xks_vpc_endpoint_service_name = ?, xks_vpc_endpoint_service_owner = ?, xks_access_key_id = ? "
                        + "where custom_key_store_id = ?")
                .params(xks.uriEndpoint(), xks.uriPath(), xks.connectivity().name(), xks.vpcEndpointServiceName(),
                        xks.vpcEndpointServiceOwner(), xks.accessKeyId(), event.customKeyStoreId())
                .update();
    }

    @EventHandler
    public void on(CustomKeyStoreDeleted event) {
        delete(event.customKeyStoreId());
    }

    private void state(String storeId, ConnectionState state, ConnectionErrorCode errorCode) {
        jdbc.sql("update custom_key_store_view set connection_state = ?, connection_error_code = ? where custom_key_store_id = ?")
                .params(state.name(), errorCode == null ? null : errorCode.name(), storeId)
                .update();
    }

    private void delete(String storeId) {
        jdbc.sql("delete from custom_key_store_view where custom_key_store_id = ?").param(storeId).update();
    }
}
