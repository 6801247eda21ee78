package io.keyhold.command.keystore;

import io.keyhold.api.keystore.CloudHsmClusterChanged;
import io.keyhold.api.keystore.CustomKeyStoreCreated;
import io.keyhold.api.keystore.CustomKeyStoreDeleted;
import io.keyhold.api.keystore.CustomKeyStoreRenamed;
import io.keyhold.api.keystore.XksProxyConfigurationChanged;
import io.keyhold.api.keystore.XksProxyConnectivity;
import io.keyhold.api.keystore.XksProxySettings;

import java.util.List;
import java.util.stream.IntStream;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Keeps the set-validation tables in the transaction that appends the events (a subscribing
 * processor). Their unique constraints are the last line: of two nodes that pass the lookup
 * checks at once, one fails to commit and its command is retried against the new facts.
 */
@ProcessingGroup(KeyStoreLookupProjection.PROCESSING_GROUP)
public class KeyStoreLookupProjection {

    public static final String PROCESSING_GROUP = "keystore-lookup";

    /** KMS allows 10 custom key stores per account and region; the quota is not adjustable. */
    public static final int STORES_PER_ACCOUNT = 10;

    private final JdbcClient jdbc;

    public KeyStoreLookupProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    public void on(CustomKeyStoreCreated event) {
        XksProxySettings xks = event.xksProxy();
        jdbc.sql("insert into custom_key_store_lookup (store_id, account_id, store_name, quota_slot, cluster_fingerprint, "
                        + "xks_uri_endpoint, xks_uri_path, xks_connectivity, xks_vpc_service_name) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(event.customKeyStoreId(), event.accountId(), event.customKeyStoreName(),
                        freeQuotaSlot(event.accountId()), event.clusterCertificateFingerprint(),
                        xks == null ? null : xks.uriEndpoint(), xks == null ? null : xks.uriPath(),
                        xks == null ? null : xks.connectivity().name(),
                        xks == null ? null : xks.vpcEndpointServiceName())
                .update();
        if (xks != null) {
            claimEndpoint(xks.uriEndpoint(), xks.connectivity());
        }
    }

    @EventHandler
    public void on(CustomKeyStoreRenamed event) {
        jdbc.sql("update custom_key_store_lookup set store_name = ? where store_id = ?")
                .params(event.customKeyStoreName(), event.customKeyStoreId())
                .update();
    }

    @EventHandler
    public void on(CloudHsmClusterChanged event) {
        jdbc.sql("update custom_key_store_lookup set cluster_fingerprint = ? where store_id = ?")
                .params(event.clusterCertificateFingerprint(), event.customKeyStoreId())
                .update();
    }

    @EventHandler
    public void on(XksProxyConfigurationChanged event) {
        releaseEndpoint(event.customKeyStoreId());
        XksProxySettings xks = event.xksProxy();
        jdbc.sql("update custom_key_store_lookup set xks_uri_endpoint = ?, xks_uri_path = ?, xks_connectivity = ?, "
                        + "xks_vpc_service_name = ? where store_id = ?")
                .params(xks.uriEndpoint(), xks.uriPath(), xks.connectivity().name(), xks.vpcEndpointServiceName(),
                        event.customKeyStoreId())
                .update();
        claimEndpoint(xks.uriEndpoint(), xks.connectivity());
    }

    @EventHandler
    public void on(CustomKeyStoreDeleted event) {
        releaseEndpoint(event.customKeyStoreId());
        jdbc.sql("delete from custom_key_store_lookup where store_id = ?").param(event.customKeyStoreId()).update();
    }

    /** The lowest slot not taken; the check constraint on the slot enforces the quota in the database. */
    private int freeQuotaSlot(String accountId) {
        List<Integer> taken = jdbc.sql("select quota_slot from custom_key_store_lookup where account_id = ?")
                .param(accountId)
                .query(Integer.class)
                .list();
        return IntStream.range(0, STORES_PER_ACCOUNT).filter(slot -> !taken.contains(slot)).findFirst()
                .orElse(STORES_PER_ACCOUNT);
    }

    /**
     * One row per endpoint in the region: shared by any number of PUBLIC stores, or owned by one
     * VPC store. An insert that collides fails the transaction.
     */
    private void claimEndpoint(String uriEndpoint, XksProxyConnectivity connectivity) {
        int shared = connectivity == XksProxyConnectivity.PUBLIC_ENDPOINT
                ? jdbc.sql("update xks_endpoint_claim set store_count = store_count + 1 "
                                + "where uri_endpoint = ? and connectivity = ?")
                        .params(uriEndpoint, connectivity.name())
                        .update()
                : 0;
        if (shared == 0) {
            jdbc.sql("insert into xks_endpoint_claim (uri_endpoint, connectivity, store_count) values (?, ?, 1)")
                    .params(uriEndpoint, connectivity.name())
                    .update();
        }
    }

    private void releaseEndpoint(String storeId) {
        jdbc.sql("select xks_uri_endpoint from custom_key_store_lookup where store_id = ? and xks_uri_endpoint is not null")
                .param(storeId)
                .query(String.class)
                .optional()
                .ifPresent(endpoint -> {
                    jdbc.sql("update xks_endpoint_claim set store_count = store_count - 1 where uri_endpoint = ?")
                            .param(endpoint)
                            .update();
                    jdbc.sql("delete from xks_endpoint_claim where uri_endpoint = ? and store_count <= 0")
                            .param(endpoint)
                            .update();
                });
    }
}
