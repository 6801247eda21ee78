package io.keyhold.server.keystore;

import static io.keyhold.server.testsupport.KmsErrors.expectError;
import static io.keyhold.server.testsupport.KmsErrors.expectUnmodeledError;
import static io.keyhold.server.keystore.TestAccount.ERR_CLUSTER;
import static io.keyhold.server.keystore.TestAccount.ERR_CLUSTER_IN_USE;
import static io.keyhold.server.keystore.TestAccount.ERR_CLUSTER_IN_USE_OTHER;
import static io.keyhold.server.keystore.TestAccount.ERR_NAME;
import static io.keyhold.server.keystore.TestAccount.ERR_NOT_FOUND;
import static io.keyhold.server.keystore.TestAccount.ERR_QUOTA;
import static io.keyhold.server.keystore.TestAccount.ERR_RACE_NAME;
import static io.keyhold.server.keystore.TestAccount.ERR_RACE_QUOTA;
import static io.keyhold.server.keystore.TestAccount.ERR_RELATED_CLUSTER;
import static io.keyhold.server.keystore.TestAccount.ERR_STATE;
import static io.keyhold.server.keystore.TestAccount.ERR_VALIDATION;
import static io.keyhold.server.keystore.TestAccount.ERR_VPC_SERVICE;
import static io.keyhold.server.keystore.TestAccount.ERR_VPC_SERVICE_OTHER;
import static io.keyhold.server.keystore.TestAccount.ERR_XKS_ENDPOINT;
import static io.keyhold.server.keystore.TestAccount.ERR_XKS_ENDPOINT_OTHER;
import static io.keyhold.server.keystore.TestAccount.ERR_XKS_URI;
import static io.keyhold.server.keystore.TestAccount.ERR_XKS_URI_OTHER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CloudHsmClusterInUseException;
import software.amazon.awssdk.services.kms.model.CloudHsmClusterInvalidConfigurationException;
import software.amazon.awssdk.services.kms.model.CloudHsmClusterNotActiveException;
import software.amazon.awssdk.services.kms.model.CloudHsmClusterNotFoundException;
import software.amazon.awssdk.services.kms.model.CloudHsmClusterNotRelatedException;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CreateCustomKeyStoreRequest;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreInvalidStateException;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreNameInUseException;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreNotFoundException;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.IncorrectTrustAnchorException;
import software.amazon.awssdk.services.kms.model.InvalidMarkerException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.XksProxyConnectivityType;
import software.amazon.awssdk.services.kms.model.XksProxyUriEndpointInUseException;
import software.amazon.awssdk.services.kms.model.XksProxyUriInUseException;
import software.amazon.awssdk.services.kms.model.XksProxyVpcEndpointServiceInUseException;

/**
 * Every KMS error these operations can produce reaches the SDK as its own exception class, with
 * status 400; errors the KMS model does not define arrive as {@link KmsException} with their code.
 */
class CustomKeyStoreErrorsTest extends KeyholdEndToEndTest {

    private static final String MISSING_ID = "cks-00000000000000000";

    @Test
    void unknownStoreIdIsNotFoundForEveryOperation() {
        KmsClient kms = kms(ERR_NOT_FOUND);
        for (String id : List.of(MISSING_ID, "no-such-store")) {
            expectError(CustomKeyStoreNotFoundException.class, () -> kms.connectCustomKeyStore(r -> r.customKeyStoreId(id)));
            expectError(CustomKeyStoreNotFoundException.class, () -> kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id)));
            expectError(CustomKeyStoreNotFoundException.class,
                    () -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).newCustomKeyStoreName("x")));
            expectError(CustomKeyStoreNotFoundException.class, () -> kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id)));
            expectError(CustomKeyStoreNotFoundException.class, () -> kms.describeCustomKeyStores(r -> r.customKeyStoreId(id)));
        }
        assertThat(kms.describeCustomKeyStores(r -> { }).customKeyStores()).isEmpty();
    }

    @Test
    void markerKeyholdDidNotIssueIsInvalidMarker() {
        expectError(InvalidMarkerException.class,
                () -> kms(ERR_NOT_FOUND).describeCustomKeyStores(r -> r.marker("bm90IGEgbWFya2Vy.c2lnbmF0dXJl")));
    }

    @Test
    void storeNameIsUniqueInTheAccountOnCreateAndOnRename() {
        KmsClient kms = kms(ERR_NAME);
        createPublicXksStore(ERR_NAME, "taken", uniqueEndpoint("name"), XKS_PATH);

        expectError(CustomKeyStoreNameInUseException.class, () -> createCloudHsmStore(ERR_NAME, "taken", INITIAL_KMSUSER_PASSWORD));
        expectError(CustomKeyStoreNameInUseException.class,
                () -> createPublicXksStore(ERR_NAME, "taken", uniqueEndpoint("name"), XKS_PATH));

        String other = createPublicXksStore(ERR_NAME, "other", uniqueEndpoint("name"), XKS_PATH);
        expectError(CustomKeyStoreNameInUseException.class,
                () -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(other).newCustomKeyStoreName("taken")));
        kms.updateCustomKeyStore(r -> r.customKeyStoreId(other).newCustomKeyStoreName("other"));
        assertThat(kms.describeCustomKeyStores(r -> { }).customKeyStores())
                .extracting(CustomKeyStoresListEntry::customKeyStoreName).containsExactly("taken", "other");
    }

    @Test
    void clusterMustExistBeActiveHaveTwoHsmsAndMatchTheTrustAnchor() {
        expectError(CloudHsmClusterNotFoundException.class, () -> kms(ERR_CLUSTER).createCustomKeyStore(
                cloudHsm("missing", MISSING_CLUSTER, trustAnchor(LOCAL_CLUSTER))));
        expectError(CloudHsmClusterNotActiveException.class, () -> kms(ERR_CLUSTER).createCustomKeyStore(
                cloudHsm("inactive", INACTIVE_CLUSTER, trustAnchor(INACTIVE_CLUSTER))));
        expectError(CloudHsmClusterInvalidConfigurationException.class, () -> kms(ERR_CLUSTER).createCustomKeyStore(
                cloudHsm("one-hsm", SINGLE_HSM_CLUSTER, trustAnchor(SINGLE_HSM_CLUSTER))));

        assertThat(trustAnchor(INACTIVE_CLUSTER)).isNotEqualTo(trustAnchor(LOCAL_CLUSTER));
        expectError(IncorrectTrustAnchorException.class, () -> kms(ERR_CLUSTER).createCustomKeyStore(
                cloudHsm("foreign-anchor", LOCAL_CLUSTER, trustAnchor(INACTIVE_CLUSTER))));
        expectError(IncorrectTrustAnchorException.class, () -> kms(ERR_CLUSTER).createCustomKeyStore(
                cloudHsm("garbage-anchor", LOCAL_CLUSTER, "this is not a certificate")));
        expectError(IncorrectTrustAnchorException.class, () -> kms(ERR_CLUSTER).createCustomKeyStore(
                cloudHsm("broken-pem", LOCAL_CLUSTER, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")));

        assertThat(kms(ERR_CLUSTER).describeCustomKeyStores(r -> { }).customKeyStores()).isEmpty();
    }

    @Test
    void anAccountCanHaveOneStorePerCluster() {
        KmsClient kms = kms(ERR_CLUSTER_IN_USE);
        String first = createCloudHsmStore(ERR_CLUSTER_IN_USE, "first", INITIAL_KMSUSER_PASSWORD);
        expectError(CloudHsmClusterInUseException.class,
                () -> createCloudHsmStore(ERR_CLUSTER_IN_USE, "second", INITIAL_KMSUSER_PASSWORD));
        createCloudHsmStore(ERR_CLUSTER_IN_USE_OTHER, "same-cluster-other-account", INITIAL_KMSUSER_PASSWORD);

        kms.deleteCustomKeyStore(r -> r.customKeyStoreId(first));
        String again = createCloudHsmStore(ERR_CLUSTER_IN_USE, "second", INITIAL_KMSUSER_PASSWORD);
        assertThat(describe(ERR_CLUSTER_IN_USE, again).cloudHsmClusterId()).isEqualTo(LOCAL_CLUSTER);
    }

    @Test
    void eleventhStoreInAnAccountExceedsTheQuota() {
        KmsClient kms = kms(ERR_QUOTA);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            ids.add(createPublicXksStore(ERR_QUOTA, "store-" + i, uniqueEndpoint("quota"), XKS_PATH));
        }
        expectError(LimitExceededException.class,
                () -> createPublicXksStore(ERR_QUOTA, "store-11", uniqueEndpoint("quota"), XKS_PATH));
        expectError(LimitExceededException.class, () -> createCloudHsmStore(ERR_QUOTA, "store-11", INITIAL_KMSUSER_PASSWORD));
        assertThat(kms.describeCustomKeyStores(r -> { }).customKeyStores()).hasSize(10);

        kms.deleteCustomKeyStore(r -> r.customKeyStoreId(ids.get(4)));
        createCloudHsmStore(ERR_QUOTA, "store-11", INITIAL_KMSUSER_PASSWORD);
        expectError(LimitExceededException.class,
                () -> createPublicXksStore(ERR_QUOTA, "store-12", uniqueEndpoint("quota"), XKS_PATH));
        assertThat(kms.describeCustomKeyStores(r -> { }).customKeyStores()).hasSize(10);
    }

    @Test
    void storeCanOnlyMoveToARelatedExistingCluster() {
        KmsClient kms = kms(ERR_RELATED_CLUSTER);
        String id = createCloudHsmStore(ERR_RELATED_CLUSTER, "movable", INITIAL_KMSUSER_PASSWORD);

        expectError(CloudHsmClusterNotFoundException.class,
                () -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).cloudHsmClusterId(MISSING_CLUSTER)));
        expectError(CloudHsmClusterNotRelatedException.class,
                () -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).cloudHsmClusterId(SINGLE_HSM_CLUSTER)));
        kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).cloudHsmClusterId(LOCAL_CLUSTER));
        assertThat(describe(ERR_RELATED_CLUSTER, id).cloudHsmClusterId()).isEqualTo(LOCAL_CLUSTER);
    }

    @Test
    void concurrentCreatesOfOneNameLeaveExactlyOneStore() throws Exception {
        List<String> outcomes = concurrently(12,
                n -> createPublicXksStore(ERR_RACE_NAME, "contested", uniqueEndpoint("race-name"), XKS_PATH));
        assertThat(outcomes).filteredOn(o -> o.startsWith("cks-")).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.startsWith("cks-")).hasSize(11)
                .containsOnly("400 CustomKeyStoreNameInUseException");
        assertThat(kms(ERR_RACE_NAME).describeCustomKeyStores(r -> { }).customKeyStores()).hasSize(1);
    }

    @Test
    void concurrentCreatesStopExactlyAtTheQuota() throws Exception {
        List<String> outcomes = concurrently(13,
                n -> createPublicXksStore(ERR_RACE_QUOTA, "racer-" + n, uniqueEndpoint("race-quota"), XKS_PATH));
        assertThat(outcomes).filteredOn(o -> o.startsWith("cks-")).hasSize(10);
        assertThat(outcomes).filteredOn(o -> !o.startsWith("cks-")).hasSize(3)
                .containsOnly("400 LimitExceededException");
        assertThat(kms(ERR_RACE_QUOTA).describeCustomKeyStores(r -> { }).customKeyStores()).hasSize(10);
    }

    /** Starts {@code count} calls at once; each outcome is a store id or "status errorCode". */
    private static List<String> concurrently(int count, IntFunction<String> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return call.apply(n);
                    } catch (KmsException e) {
                        return e.statusCode() + " " + e.awsErrorDetails().errorCode();
                    }
                }));
            }
            start.countDown();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void proxyUriEndpointAndPathPairIsUniqueInTheAccount() {
        KmsClient kms = kms(ERR_XKS_URI);
        String endpoint = uniqueEndpoint("uri");
        createPublicXksStore(ERR_XKS_URI, "first", endpoint, XKS_PATH);

        expectError(XksProxyUriInUseException.class, () -> createPublicXksStore(ERR_XKS_URI, "same-uri", endpoint, XKS_PATH));
        String samePublicEndpoint = createPublicXksStore(ERR_XKS_URI, "other-path", endpoint, "/tenant/kms/xks/v1");
        createPublicXksStore(ERR_XKS_URI_OTHER, "same-uri-other-account", endpoint, XKS_PATH);

        expectError(XksProxyUriInUseException.class,
                () -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(samePublicEndpoint).xksProxyUriPath(XKS_PATH)));
        assertThat(describe(ERR_XKS_URI, samePublicEndpoint).xksProxyConfiguration().uriPath()).isEqualTo("/tenant/kms/xks/v1");
    }

    @Test
    void vpcStoreOwnsItsEndpointInTheWholeRegion() {
        String endpoint = uniqueEndpoint("vpc-owned");
        createVpcXksStore(ERR_XKS_ENDPOINT, "vpc", endpoint, uniqueVpcServiceName());

        expectError(XksProxyUriEndpointInUseException.class,
                () -> createPublicXksStore(ERR_XKS_ENDPOINT, "public-same-account", endpoint, "/tenant/kms/xks/v1"));
        expectError(XksProxyUriEndpointInUseException.class,
                () -> createPublicXksStore(ERR_XKS_ENDPOINT_OTHER, "public-other-account", endpoint, XKS_PATH));
        expectError(XksProxyUriEndpointInUseException.class, () -> kms(ERR_XKS_ENDPOINT).createCustomKeyStore(
                vpc("vpc-same-account", endpoint, "/tenant/kms/xks/v1", uniqueVpcServiceName())));
        expectError(XksProxyUriEndpointInUseException.class, () -> kms(ERR_XKS_ENDPOINT_OTHER).createCustomKeyStore(
                vpc("vpc-other-account", endpoint, XKS_PATH, uniqueVpcServiceName())));

        String movable = createPublicXksStore(ERR_XKS_ENDPOINT_OTHER, "movable", uniqueEndpoint("movable"), XKS_PATH);
        expectError(XksProxyUriEndpointInUseException.class, () -> kms(ERR_XKS_ENDPOINT_OTHER).updateCustomKeyStore(
                r -> r.customKeyStoreId(movable).xksProxyUriEndpoint(endpoint)));

        String publicEndpoint = uniqueEndpoint("shared-public");
        createPublicXksStore(ERR_XKS_ENDPOINT, "public-a", publicEndpoint, XKS_PATH);
        createPublicXksStore(ERR_XKS_ENDPOINT_OTHER, "public-b", publicEndpoint, XKS_PATH);
        expectError(XksProxyUriEndpointInUseException.class, () -> kms(ERR_XKS_ENDPOINT_OTHER).createCustomKeyStore(
                vpc("vpc-on-public", publicEndpoint, "/vpc/kms/xks/v1", uniqueVpcServiceName())));

        assertThat(kms(ERR_XKS_ENDPOINT).describeCustomKeyStores(r -> { }).customKeyStores())
                .extracting(CustomKeyStoresListEntry::customKeyStoreName).containsExactly("vpc", "public-a");
        assertThat(kms(ERR_XKS_ENDPOINT_OTHER).describeCustomKeyStores(r -> { }).customKeyStores())
                .extracting(CustomKeyStoresListEntry::customKeyStoreName).containsExactly("movable", "public-b");
    }

    @Test
    void vpcEndpointServiceBacksOneStoreInTheWholeRegion() {
        String service = uniqueVpcServiceName();
        createVpcXksStore(ERR_VPC_SERVICE, "first", uniqueEndpoint("service"), service);

        expectError(XksProxyVpcEndpointServiceInUseException.class,
                () -> createVpcXksStore(ERR_VPC_SERVICE, "same-account", uniqueEndpoint("service"), service));
        expectError(XksProxyVpcEndpointServiceInUseException.class,
                () -> createVpcXksStore(ERR_VPC_SERVICE_OTHER, "other-account", uniqueEndpoint("service"), service));
        String other = createVpcXksStore(ERR_VPC_SERVICE_OTHER, "own-service", uniqueEndpoint("service"), uniqueVpcServiceName());
        expectError(XksProxyVpcEndpointServiceInUseException.class, () -> kms(ERR_VPC_SERVICE_OTHER).updateCustomKeyStore(
                r -> r.customKeyStoreId(other).xksProxyVpcEndpointServiceName(service)));
    }

    @Test
    void operationsOutsideTheirConnectionStatesAreInvalidState() {
        KmsClient kms = kms(ERR_STATE);
        String id = createPublicXksStore(ERR_STATE, "states", uniqueEndpoint("state"), XKS_PATH);
        expectError(CustomKeyStoreInvalidStateException.class, () -> kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id)));

        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(awaitConnectOutcome(ERR_STATE, id, ConnectionStateType.FAILED).connectionErrorCode())
                .isEqualTo(ConnectionErrorCodeType.XKS_PROXY_NOT_REACHABLE);
        expectError(CustomKeyStoreInvalidStateException.class, () -> kms.connectCustomKeyStore(r -> r.customKeyStoreId(id)));
        expectError(CustomKeyStoreInvalidStateException.class, () -> kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id)));
        expectError(CustomKeyStoreInvalidStateException.class, () -> kms.updateCustomKeyStore(
                r -> r.customKeyStoreId(id).xksProxyUriEndpoint(uniqueEndpoint("state"))));
        expectError(CustomKeyStoreInvalidStateException.class, () -> kms.updateCustomKeyStore(
                r -> r.customKeyStoreId(id).xksProxyUriPath("/moved/kms/xks/v1")));
    }

    @Test
    void parametersOfTheWrongStoreTypeOrMissingOnesAreValidationErrors() {
        KmsClient kms = kms(ERR_VALIDATION);
        String anchor = trustAnchor(LOCAL_CLUSTER);

        expectMissingOrMisplaced("KeyStorePassword", () -> kms.createCustomKeyStore(r -> r.customKeyStoreName("no-password")
                .cloudHsmClusterId(LOCAL_CLUSTER).trustAnchorCertificate(anchor)));
        expectMissingOrMisplaced("TrustAnchorCertificate", () -> kms.createCustomKeyStore(r -> r.customKeyStoreName("no-anchor")
                .cloudHsmClusterId(LOCAL_CLUSTER).keyStorePassword(INITIAL_KMSUSER_PASSWORD)));
        expectMissingOrMisplaced("CloudHsmClusterId", () -> kms.createCustomKeyStore(r -> r.customKeyStoreName("no-cluster")
                .customKeyStoreType(CustomKeyStoreType.AWS_CLOUDHSM)
                .trustAnchorCertificate(anchor).keyStorePassword(INITIAL_KMSUSER_PASSWORD)));
        expectMissingOrMisplaced("XksProxyUriPath", () -> kms.createCustomKeyStore(cloudHsm("hsm-with-xks-path", LOCAL_CLUSTER, anchor)
                .toBuilder().xksProxyUriPath(XKS_PATH).build()));

        expectMissingOrMisplaced("XksProxyAuthenticationCredential", () -> kms.createCustomKeyStore(r -> r.customKeyStoreName("no-credential")
                .customKeyStoreType(CustomKeyStoreType.EXTERNAL_KEY_STORE)
                .xksProxyConnectivity(XksProxyConnectivityType.PUBLIC_ENDPOINT)
                .xksProxyUriEndpoint(uniqueEndpoint("validation")).xksProxyUriPath(XKS_PATH)));
        expectMissingOrMisplaced("XksProxyConnectivity", () -> kms.createCustomKeyStore(r -> r.customKeyStoreName("no-connectivity")
                .customKeyStoreType(CustomKeyStoreType.EXTERNAL_KEY_STORE)
                .xksProxyUriEndpoint(uniqueEndpoint("validation")).xksProxyUriPath(XKS_PATH)
                .xksProxyAuthenticationCredential(xksCredential())));
        expectMissingOrMisplaced("XksProxyVpcEndpointServiceName", () -> kms.createCustomKeyStore(
                vpc("vpc-without-service", uniqueEndpoint("validation"), XKS_PATH, null)));
        expectMissingOrMisplaced("XksProxyVpcEndpointServiceName", () -> createPublicXksStoreWithService());
        expectMissingOrMisplaced("KeyStorePassword", () -> kms.createCustomKeyStore(r -> r.customKeyStoreName("xks-with-password")
                .customKeyStoreType(CustomKeyStoreType.EXTERNAL_KEY_STORE)
                .xksProxyConnectivity(XksProxyConnectivityType.PUBLIC_ENDPOINT)
                .xksProxyUriEndpoint(uniqueEndpoint("validation")).xksProxyUriPath(XKS_PATH)
                .xksProxyAuthenticationCredential(xksCredential())
                .keyStorePassword(INITIAL_KMSUSER_PASSWORD)));
        assertThat(kms.describeCustomKeyStores(r -> { }).customKeyStores()).isEmpty();

        String hsm = createCloudHsmStore(ERR_VALIDATION, "hsm", INITIAL_KMSUSER_PASSWORD);
        String xks = createPublicXksStore(ERR_VALIDATION, "xks", uniqueEndpoint("validation"), XKS_PATH);
        expectMissingOrMisplaced("KeyStorePassword", () -> kms.updateCustomKeyStore(
                r -> r.customKeyStoreId(xks).keyStorePassword(INITIAL_KMSUSER_PASSWORD)));
        expectMissingOrMisplaced("XksProxyUriPath", () -> kms.updateCustomKeyStore(
                r -> r.customKeyStoreId(hsm).xksProxyUriPath("/moved/kms/xks/v1")));
        assertThat(describe(ERR_VALIDATION, xks).xksProxyConfiguration().uriPath()).isEqualTo(XKS_PATH);
    }

    private void createPublicXksStoreWithService() {
        kms(ERR_VALIDATION).createCustomKeyStore(r -> r.customKeyStoreName("public-with-service")
                .customKeyStoreType(CustomKeyStoreType.EXTERNAL_KEY_STORE)
                .xksProxyConnectivity(XksProxyConnectivityType.PUBLIC_ENDPOINT)
                .xksProxyUriEndpoint(uniqueEndpoint("validation")).xksProxyUriPath(XKS_PATH)
                .xksProxyVpcEndpointServiceName(uniqueVpcServiceName())
                .xksProxyAuthenticationCredential(xksCredential()));
    }

    private static void expectMissingOrMisplaced(String member, ThrowingCallable call) {
        KmsException error = expectUnmodeledError("ValidationException", call);
        assertThat(error.awsErrorDetails().errorMessage()).contains(member);
    }

    private static CreateCustomKeyStoreRequest cloudHsm(String name, String clusterId, String trustAnchor) {
        return CreateCustomKeyStoreRequest.builder()
                .customKeyStoreName(name)
                .cloudHsmClusterId(clusterId)
                .trustAnchorCertificate(trustAnchor)
                .keyStorePassword(INITIAL_KMSUSER_PASSWORD)
                .build();
    }

    private static CreateCustomKeyStoreRequest vpc(String name, String endpoint, String path, String serviceName) {
        return CreateCustomKeyStoreRequest.builder()
                .customKeyStoreName(name)
                .customKeyStoreType(CustomKeyStoreType.EXTERNAL_KEY_STORE)
                .xksProxyConnectivity(XksProxyConnectivityType.VPC_ENDPOINT_SERVICE)
                .xksProxyUriEndpoint(endpoint)
                .xksProxyUriPath(path)
                .xksProxyVpcEndpointServiceName(serviceName)
                .xksProxyAuthenticationCredential(xksCredential())
                .build();
    }
}
