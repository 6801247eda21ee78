package io.keyhold.command.keystore;

import io.keyhold.api.keystore.XksProxyConnectivity;

import java.util.Arrays;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads {@code custom_key_store_lookup}, which {@link KeyStoreLookupProjection} keeps. */
public class JdbcKeyStoreLookup implements KeyStoreLookup {

    private static final String NONE = "";

    private final JdbcClient jdbc;

    public JdbcKeyStoreLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean isNameTaken(String accountId, String name, String exceptStoreId) {
        return exists("account_id = ? and store_name = ?", exceptStoreId, accountId, name);
    }

    @Override
    public int countStores(String accountId) {
        return jdbc.sql("select count(*) from custom_key_store_lookup where account_id = ?")
                .param(accountId)
                .query(Integer.class)
                .single();
    }

    @Override
    public boolean isClusterInUse(String accountId, String clusterCertificateFingerprint, String exceptStoreId) {
        return exists("account_id = ? and cluster_fingerprint = ?", exceptStoreId, accountId, clusterCertificateFingerprint);
    }

    @Override
    public boolean isXksUriInUse(String accountId, String uriEndpoint, String uriPath, String exceptStoreId) {
        return exists("account_id = ? and xks_uri_endpoint = ? and xks_uri_path = ?", exceptStoreId,
                accountId, uriEndpoint, uriPath);
    }

    @Override
    public boolean isXksEndpointInUse(String uriEndpoint, XksProxyConnectivity connectivity, String exceptStoreId) {
        return connectivity == XksProxyConnectivity.PUBLIC_ENDPOINT
                ? exists("xks_uri_endpoint = ? and xks_connectivity = ?", exceptStoreId, uriEndpoint,
                        XksProxyConnectivity.VPC_ENDPOINT_SERVICE.name())
                : exists("xks_uri_endpoint = ?", exceptStoreId, uriEndpoint);
    }

    @Override
    public boolean isVpcEndpointServiceInUse(String serviceName, String exceptStoreId) {
        return exists("xks_vpc_service_name = ?", exceptStoreId, serviceName);
    }

    private boolean exists(String condition, String exceptStoreId, Object... params) {
        Object[] all = Arrays.copyOf(params, params.length + 1);
        all[params.length] = exceptStoreId == null ? NONE : exceptStoreId;
        return jdbc.sql("select count(*) from custom_key_store_lookup where " + condition + " and store_id <> ?")
                .params(all)
                .query(Integer.class)
                .single() > 0;
    }
}
