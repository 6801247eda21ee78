package io.keyhold.command.testsupport;

import io.keyhold.api.keystore.XksProxyConnectivity;
import io.keyhold.api.keystore.XksProxySettings;
import io.keyhold.command.keystore.KeyStoreLookup;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The lookup tables as a list of rows the test configures: each row is another (or the same) custom
 * key store. The answers follow the uniqueness scopes of kms-api.md 5.1, and every call is recorded.
 */
public final class InMemoryKeyStoreLookup implements KeyStoreLookup {

    public record Row(String storeId, String accountId, String name, String clusterFingerprint,
                      String uriEndpoint, String uriPath, XksProxyConnectivity connectivity, String vpcServiceName) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();

    public InMemoryKeyStoreLookup cloudHsmStore(String storeId, String accountId, String name, String clusterFingerprint) {
        rows.add(new Row(storeId, accountId, name, clusterFingerprint, null, null, null, null));
        return this;
    }

    public InMemoryKeyStoreLookup xksStore(String storeId, String accountId, String name, XksProxySettings xks) {
        rows.add(new Row(storeId, accountId, name, null, xks.uriEndpoint(), xks.uriPath(), xks.connectivity(),
                xks.vpcEndpointServiceName()));
        return this;
    }

    /** Adds {@code count} unremarkable CloudHSM stores to the account (for the quota). */
    public InMemoryKeyStoreLookup fill(String accountId, int count) {
        for (int i = 0; i < count; i++) {
            cloudHsmStore("cks-filler" + accountId + "-" + i, accountId, "filler-" + i, "fingerprint-filler-" + i);
        }
        return this;
    }

    public List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public boolean isNameTaken(String accountId, String name, String exceptStoreId) {
        calls.add("isNameTaken(" + accountId + ", " + name + ", " + exceptStoreId + ")");
        return any(exceptStoreId, r -> r.accountId().equals(accountId) && r.name().equals(name));
    }

    @Override
    public int countStores(String accountId) {
        calls.add("countStores(" + accountId + ")");
        return (int) rows.stream().filter(r -> r.accountId().equals(accountId)).count();
    }

    @Override
    public boolean isClusterInUse(String accountId, String clusterCertificateFingerprint, String exceptStoreId) {
        calls.add("isClusterInUse(" + accountId + ", " + clusterCertificateFingerprint + ", " + exceptStoreId + ")");
        return any(exceptStoreId, r -> r.accountId().equals(accountId)
                && clusterCertificateFingerprint.equals(r.clusterFingerprint()));
    }

    @Override
    public boolean isXksUriInUse(String accountId, String uriEndpoint, String uriPath, String exceptStoreId) {
        calls.add("isXksUriInUse(" + accountId + ", " + uriEndpoint + ", " + uriPath + ", " + exceptStoreId + ")");
        return any(exceptStoreId, r -> r.accountId().equals(accountId) && uriEndpoint.equals(r.uriEndpoint())
                && uriPath.equals(r.uriPath()));
    }

    @Override
    public boolean isXksEndpointInUse(String uriEndpoint, XksProxyConnectivity connectivity, String exceptStoreId) {
        calls.add("isXksEndpointInUse(" + uriEndpoint + ", " + connectivity + ", " + exceptStoreId + ")");
        return connectivity == XksProxyConnectivity.PUBLIC_ENDPOINT
                ? any(exceptStoreId, r -> uriEndpoint.equals(r.uriEndpoint())
                        && r.connectivity() == XksProxyConnectivity.VPC_ENDPOINT_SERVICE)
                : any(exceptStoreId, r -> uriEndpoint.equals(r.uriEndpoint()));
    }

    @Override
    public boolean isVpcEndpointServiceInUse(String serviceName, String exceptStoreId) {
        calls.add("isVpcEndpointServiceInUse(" + serviceName + ", " + exceptStoreId + ")");
        return any(exceptStoreId, r -> serviceName.equals(r.vpcServiceName()));
    }

    private boolean any(String exceptStoreId, Predicate<Row> condition) {
        return rows.stream().filter(r -> !Objects.equals(r.storeId(), exceptStoreId)).anyMatch(condition);
    }
}
