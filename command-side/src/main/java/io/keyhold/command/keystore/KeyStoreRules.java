package io.keyhold.command.keystore;

import io.keyhold.api.error.CloudHsmClusterInUseException;
import io.keyhold.api.error.CloudHsmClusterInvalidConfigurationException;
import io.keyhold.api.error.CloudHsmClusterNotActiveException;
import io.keyhold.api.error.CloudHsmClusterNotFoundException;
import io.keyhold.api.error.CloudHsmClusterNotRelatedException;
import io.keyhold.api.error.CustomKeyStoreNameInUseException;
import io.keyhold.api.error.CustomKeyStoreNotFoundException;
import io.keyhold.api.error.IncorrectTrustAnchorException;
import io.keyhold.api.error.LimitExceededException;
import io.keyhold.api.error.ValidationException;
import io.keyhold.api.error.XksProxyUriEndpointInUseException;
import io.keyhold.api.error.XksProxyUriInUseException;
import io.keyhold.api.error.XksProxyVpcEndpointServiceInUseException;
import io.keyhold.api.keystore.CreateCustomKeyStoreCommand;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.XksProxyConnectivity;
import io.keyhold.api.keystore.XksProxySettings;
import io.keyhold.connector.hsm.HsmClusterInfo;
import io.keyhold.connector.hsm.HsmClusters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The create and update checks of kms-api.md 3.1, 3.5 and 5.1, in KMS's order: parameters, name,
 * quota, then the cluster or the XKS proxy settings.
 */
public final class KeyStoreRules {

    private final KeyStoreLookup lookup;
    private final HsmClusters clusters;

    KeyStoreRules(KeyStoreLookup lookup, HsmClusters clusters) {
        this.lookup = lookup;
        this.clusters = clusters;
    }

    /** What KMS answers for a store missing from the caller's account, for store operations and CreateKey alike. */
    public static CustomKeyStoreNotFoundException notFound(String storeId) {
        return new CustomKeyStoreNotFoundException("Custom key store " + storeId + " does not exist in this account and Region.");
    }

    /** The owner of a VPC endpoint service defaults to the caller's account; PUBLIC stores have none. */
    static String vpcOwner(XksProxyConnectivity connectivity, String requested, String accountId) {
        if (connectivity != XksProxyConnectivity.VPC_ENDPOINT_SERVICE) {
            return null;
        }
        return requested == null ? accountId : requested;
    }

    void checkCreateParameters(CustomKeyStoreType type, CreateCustomKeyStoreCommand command) {
        Map<String, Object> cloudHsm = new LinkedHashMap<>();
        cloudHsm.put("CloudHsmClusterId", command.cloudHsmClusterId());
        cloudHsm.put("TrustAnchorCertificate", command.trustAnchorCertificate());
        cloudHsm.put("KeyStorePassword", command.keyStorePassword());
        Map<String, Object> xks = new LinkedHashMap<>();
        xks.put("XksProxyUriEndpoint", command.xksProxyUriEndpoint());
        xks.put("XksProxyUriPath", command.xksProxyUriPath());
        xks.put("XksProxyAuthenticationCredential", command.xksProxyCredential());
        xks.put("XksProxyConnectivity", command.xksProxyConnectivity());
        Map<String, Object> vpc = new LinkedHashMap<>();
        vpc.put("XksProxyVpcEndpointServiceName", command.xksProxyVpcEndpointServiceName());
        vpc.put("XksProxyVpcEndpointServiceOwner", command.xksProxyVpcEndpointServiceOwner());

        List<String> problems = new ArrayList<>();
        if (type == CustomKeyStoreType.AWS_CLOUDHSM) {
            required(cloudHsm, type.name(), problems);
            forbidden(xks, type.name(), problems);
            forbidden(vpc, type.name(), problems);
        } else {
            required(xks, type.name(), problems);
            forbidden(cloudHsm, type.name(), problems);
            if (command.xksProxyConnectivity() == XksProxyConnectivity.VPC_ENDPOINT_SERVICE) {
                if (command.xksProxyVpcEndpointServiceName() == null) {
                    problems.add("XksProxyVpcEndpointServiceName is required when XksProxyConnectivity is VPC_ENDPOINT_SERVICE");
                }
            } else {
                forbidden(vpc, "XksProxyConnectivity PUBLIC_ENDPOINT", problems);
            }
        }
        if (!problems.isEmpty()) {
            throw validation(problems);
        }
    }

    static ValidationException validation(List<String> problems) {
        return new ValidationException(problems.size() + " validation error" + (problems.size() == 1 ? "" : "s")
                + " detected: " + String.join("; ", problems));
    }

    private static void required(Map<String, Object> members, String context, List<String> problems) {
        members.forEach((member, value) -> {
            if (value == null) {
                problems.add(member + " is required for " + context);
            }
        });
    }

    private static void forbidden(Map<String, Object> members, String context, List<String> problems) {
        members.forEach((member, value) -> {
            if (value != null) {
                problems.add(member + " is not valid for " + context);
            }
        });
    }

    void checkNameFree(String accountId, String name, String exceptStoreId) {
        if (lookup.isNameTaken(accountId, name, exceptStoreId)) {
            throw new CustomKeyStoreNameInUseException("The specified custom key store name is already assigned to another custom key store in the account. Try again with a custom key store name that is unique in the account.");
        }
    }

    void checkQuota(String accountId) {
        if (lookup.countStores(accountId) >= KeyStoreLookupProjection.STORES_PER_ACCOUNT) {
            throw new LimitExceededException("The request was rejected because a quota was exceeded: an account can have at most "
                    + KeyStoreLookupProjection.STORES_PER_ACCOUNT + " custom key stores in a Region.");
        }
    }

    HsmClusterInfo checkClusterForCreate(String accountId, String clusterId, String trustAnchorPem) {
        HsmClusterInfo info = usableCluster(accountId, clusterId);
        if (!info.isTrustAnchor(trustAnchorPem)) {
            throw new IncorrectTrustAnchorException("The trust anchor certificate in the request is not the trust anchor certificate for the specified AWS CloudHSM cluster "
                    + clusterId + ".");
        }
        if (lookup.isClusterInUse(accountId, info.clusterCertificateFingerprint(), null)) {
            throw new CloudHsmClusterInUseException("The specified AWS CloudHSM cluster " + clusterId
                    + " is already associated with a custom key store or it shares a backup history with a cluster that is associated with a custom key store.");
        }
        return info;
    }

    HsmClusterInfo checkClusterForUpdate(String accountId, String clusterId, String currentFingerprint) {
        HsmClusterInfo info = cluster(accountId, clusterId);
        if (!info.clusterCertificateFingerprint().equals(currentFingerprint)) {
            throw new CloudHsmClusterNotRelatedException("The AWS CloudHSM cluster " + clusterId
                    + " is not related to the cluster associated with the custom key store: it does not share its backup history.");
        }
        return usableCluster(accountId, clusterId);
    }

    private HsmClusterInfo cluster(String accountId, String clusterId) {
        return clusters.describeFor(accountId, clusterId)
                .orElseThrow(() -> new CloudHsmClusterNotFoundException("AWS CloudHSM cannot find the specified cluster " + clusterId + "."));
    }

    /** KMS needs an active cluster with at least two active HSMs in different Availability Zones. */
    private HsmClusterInfo usableCluster(String accountId, String clusterId) {
        HsmClusterInfo info = cluster(accountId, clusterId);
        if (!info.active()) {
            throw new CloudHsmClusterNotActiveException("The AWS CloudHSM cluster " + clusterId + " is not active.");
        }
        if (info.activeHsms() < 2 || info.activeHsmAvailabilityZones() < 2) {
            throw new CloudHsmClusterInvalidConfigurationException("The AWS CloudHSM cluster " + clusterId
                    + " must contain at least two active HSMs, each in a different Availability Zone.");
        }
        return info;
    }

    void checkXksProxyFree(String accountId, XksProxySettings xks, String exceptStoreId) {
        if (lookup.isXksUriInUse(accountId, xks.uriEndpoint(), xks.uriPath(), exceptStoreId)) {
            throw new XksProxyUriInUseException("The combination of XksProxyUriEndpoint " + xks.uriEndpoint()
                    + " and XksProxyUriPath " + xks.uriPath() + " is already associated with an external key store in the account and Region.");
        }
        if (lookup.isXksEndpointInUse(xks.uriEndpoint(), xks.connectivity(), exceptStoreId)) {
            throw new XksProxyUriEndpointInUseException("The XksProxyUriEndpoint " + xks.uriEndpoint()
                    + " is already associated with an external key store in the Region that uses VPC endpoint service connectivity.");
        }
        if (xks.vpcEndpointServiceName() != null
                && lookup.isVpcEndpointServiceInUse(xks.vpcEndpointServiceName(), exceptStoreId)) {
            throw new XksProxyVpcEndpointServiceInUseException("The VPC endpoint service " + xks.vpcEndpointServiceName()
                    + " is already associated with an external key store in the Region.");
        }
    }
}
