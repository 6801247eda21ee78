package io.keyhold.server.keystore;

import static io.keyhold.server.testsupport.KmsErrors.expectError;
import static io.keyhold.server.testsupport.KmsErrors.expectUnmodeledError;
import static io.keyhold.server.keystore.TestAccount.XKS_PUBLIC;
import static io.keyhold.server.keystore.TestAccount.XKS_SWITCH;
import static io.keyhold.server.keystore.TestAccount.XKS_VPC;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreNotFoundException;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.XksProxyConfigurationType;
import software.amazon.awssdk.services.kms.model.XksProxyConnectivityType;

/**
 * External key stores: created, described, updated and deleted like KMS does; connecting one fails
 * as unreachable because this version has no XKS proxy client.
 */
class ExternalKeyStoreLifecycleTest extends KeyholdEndToEndTest {

    private static final String SECOND_ACCESS_KEY_ID = "XKSPROXYSECONDKEYIDABC";
    private static final String SECOND_SECRET = "c2Vjb25kLXhrcy1wcm94eS1zZWNyZXQtYWNjZXNzLWtleQ==";

    @Test
    void publicEndpointStoreIsDescribedUpdatedFailsToConnectAndIsDeleted() {
        KmsClient kms = kms(XKS_PUBLIC);
        String endpoint = uniqueEndpoint("public");
        Instant before = Instant.now();
        String id = createPublicXksStore(XKS_PUBLIC, "public-xks", endpoint, XKS_PATH);

        CustomKeyStoresListEntry entry = describe(XKS_PUBLIC, id);
        assertThat(entry.customKeyStoreName()).isEqualTo("public-xks");
        assertThat(entry.customKeyStoreType()).isEqualTo(CustomKeyStoreType.EXTERNAL_KEY_STORE);
        assertThat(entry.connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);
        assertThat(entry.connectionErrorCode()).isNull();
        assertThat(entry.cloudHsmClusterId()).isNull();
        assertThat(entry.trustAnchorCertificate()).isNull();
        assertThat(entry.creationDate()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
        assertThat(entry.xksProxyConfiguration()).isEqualTo(XksProxyConfigurationType.builder()
                .connectivity(XksProxyConnectivityType.PUBLIC_ENDPOINT)
                .accessKeyId(XKS_ACCESS_KEY_ID)
                .uriEndpoint(endpoint)
                .uriPath(XKS_PATH)
                .build());
        assertNoSecretOnTheWire(XKS_PUBLIC, XKS_SECRET);

        kms.updateCustomKeyStore(r -> r.customKeyStoreId(id)
                .xksProxyUriPath("/tenant-a/kms/xks/v2")
                .xksProxyAuthenticationCredential(c -> c.accessKeyId(SECOND_ACCESS_KEY_ID).rawSecretAccessKey(SECOND_SECRET)));
        XksProxyConfigurationType updated = describe(XKS_PUBLIC, id).xksProxyConfiguration();
        assertThat(updated.uriPath()).isEqualTo("/tenant-a/kms/xks/v2");
        assertThat(updated.accessKeyId()).isEqualTo(SECOND_ACCESS_KEY_ID);
        assertThat(updated.uriEndpoint()).isEqualTo(endpoint);
        assertNoSecretOnTheWire(XKS_PUBLIC, SECOND_SECRET);

        String newEndpoint = uniqueEndpoint("public-moved");
        kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).xksProxyUriEndpoint(newEndpoint).newCustomKeyStoreName("moved"));
        entry = describe(XKS_PUBLIC, id);
        assertThat(entry.customKeyStoreName()).isEqualTo("moved");
        assertThat(entry.xksProxyConfiguration().uriEndpoint()).isEqualTo(newEndpoint);

        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        CustomKeyStoresListEntry failed = awaitConnectOutcome(XKS_PUBLIC, id, ConnectionStateType.FAILED);
        assertThat(failed.connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.XKS_PROXY_NOT_REACHABLE);

        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        entry = describe(XKS_PUBLIC, id);
        assertThat(entry.connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);
        assertThat(entry.connectionErrorCode()).isNull();

        kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id));
        expectError(CustomKeyStoreNotFoundException.class, () -> kms.describeCustomKeyStores(r -> r.customKeyStoreId(id)));
        assertThat(kms.describeCustomKeyStores(r -> { }).customKeyStores()).isEmpty();
        // the endpoint and path are free again
        createPublicXksStore(XKS_PUBLIC, "public-xks", newEndpoint, "/tenant-a/kms/xks/v2");
    }

    @Test
    void vpcEndpointServiceStoreDefaultsTheServiceOwnerToTheCallersAccount() {
        KmsClient kms = kms(XKS_VPC);
        String endpoint = uniqueEndpoint("vpc");
        String service = uniqueVpcServiceName();
        String id = createVpcXksStore(XKS_VPC, "vpc-xks", endpoint, service);

        assertThat(describe(XKS_VPC, id).xksProxyConfiguration()).isEqualTo(XksProxyConfigurationType.builder()
                .connectivity(XksProxyConnectivityType.VPC_ENDPOINT_SERVICE)
                .accessKeyId(XKS_ACCESS_KEY_ID)
                .uriEndpoint(endpoint)
                .uriPath(XKS_PATH)
                .vpcEndpointServiceName(service)
                .vpcEndpointServiceOwner(XKS_VPC.accountId())
                .build());
        assertNoSecretOnTheWire(XKS_VPC, XKS_SECRET);

        String ownedElsewhere = kms.createCustomKeyStore(r -> r.customKeyStoreName("vpc-shared-service")
                .customKeyStoreType(CustomKeyStoreType.EXTERNAL_KEY_STORE)
                .xksProxyConnectivity(XksProxyConnectivityType.VPC_ENDPOINT_SERVICE)
                .xksProxyUriEndpoint(uniqueEndpoint("vpc"))
                .xksProxyUriPath(XKS_PATH)
                .xksProxyVpcEndpointServiceName(uniqueVpcServiceName())
                .xksProxyVpcEndpointServiceOwner("123456789012")
                .xksProxyAuthenticationCredential(xksCredential())).customKeyStoreId();
        assertThat(describe(XKS_VPC, ownedElsewhere).xksProxyConfiguration().vpcEndpointServiceOwner()).isEqualTo("123456789012");

        // no keyhold.xks.vpc-endpoint-services entry stands for this service: KMS cannot find it
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(awaitConnectOutcome(XKS_VPC, id, ConnectionStateType.FAILED).connectionErrorCode())
                .isEqualTo(ConnectionErrorCodeType.XKS_VPC_ENDPOINT_SERVICE_NOT_FOUND);
        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(describe(XKS_VPC, id).connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);

        String newService = uniqueVpcServiceName();
        kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).xksProxyVpcEndpointServiceName(newService));
        assertThat(describe(XKS_VPC, id).xksProxyConfiguration().vpcEndpointServiceName()).isEqualTo(newService);

        kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(kms.describeCustomKeyStores(r -> { }).customKeyStores())
                .extracting(CustomKeyStoresListEntry::customKeyStoreId).containsExactly(ownedElsewhere);
        // the old service and endpoint can back a new store
        createVpcXksStore(XKS_VPC, "vpc-xks", endpoint, service);
    }

    @Test
    void connectivityCanBeSwitchedWhileDisconnectedWithANewEndpoint() {
        KmsClient kms = kms(XKS_SWITCH);
        String id = createPublicXksStore(XKS_SWITCH, "switching", uniqueEndpoint("switch"), XKS_PATH);

        KmsException sameEndpoint = expectUnmodeledError("ValidationException", () -> kms.updateCustomKeyStore(r -> r
                .customKeyStoreId(id)
                .xksProxyConnectivity(XksProxyConnectivityType.VPC_ENDPOINT_SERVICE)
                .xksProxyVpcEndpointServiceName(uniqueVpcServiceName())));
        assertThat(sameEndpoint.awsErrorDetails().errorMessage()).contains("XksProxyUriEndpoint");

        String vpcEndpoint = uniqueEndpoint("switch-vpc");
        String service = uniqueVpcServiceName();
        kms.updateCustomKeyStore(r -> r.customKeyStoreId(id)
                .xksProxyConnectivity(XksProxyConnectivityType.VPC_ENDPOINT_SERVICE)
                .xksProxyUriEndpoint(vpcEndpoint)
                .xksProxyVpcEndpointServiceName(service));
        XksProxyConfigurationType vpc = describe(XKS_SWITCH, id).xksProxyConfiguration();
        assertThat(vpc.connectivity()).isEqualTo(XksProxyConnectivityType.VPC_ENDPOINT_SERVICE);
        assertThat(vpc.uriEndpoint()).isEqualTo(vpcEndpoint);
        assertThat(vpc.vpcEndpointServiceName()).isEqualTo(service);
        assertThat(vpc.vpcEndpointServiceOwner()).isEqualTo(XKS_SWITCH.accountId());

        String publicEndpoint = uniqueEndpoint("switch-public");
        kms.updateCustomKeyStore(r -> r.customKeyStoreId(id)
                .xksProxyConnectivity(XksProxyConnectivityType.PUBLIC_ENDPOINT)
                .xksProxyUriEndpoint(publicEndpoint));
        XksProxyConfigurationType back = describe(XKS_SWITCH, id).xksProxyConfiguration();
        assertThat(back.connectivity()).isEqualTo(XksProxyConnectivityType.PUBLIC_ENDPOINT);
        assertThat(back.uriEndpoint()).isEqualTo(publicEndpoint);
        assertThat(back.vpcEndpointServiceName()).isNull();
        assertThat(back.vpcEndpointServiceOwner()).isNull();

        // the VPC endpoint and service it gave up are free for another VPC store
        createVpcXksStore(XKS_SWITCH, "takes-over", vpcEndpoint, service);
    }

    private void assertNoSecretOnTheWire(TestAccount account, String secret) {
        HttpResponse<String> described = raw().call(account, "DescribeCustomKeyStores", "{}");
        assertThat(described.statusCode()).isEqualTo(200);
        assertThat(described.body()).doesNotContain(secret).doesNotContain("RawSecretAccessKey").doesNotContain("Secret");
    }
}
