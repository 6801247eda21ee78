package io.keyhold.command.keystore;

import static io.keyhold.command.testsupport.KeyStoreTestData.ACCESS_KEY_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.CLUSTER_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.ENDPOINT;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_ENDPOINT;
import static io.keyhold.command.testsupport.KeyStoreTestData.NAME;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_PATH;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_STORE_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_VPC_SERVICE;
import static io.keyhold.command.testsupport.KeyStoreTestData.PASSWORD;
import static io.keyhold.command.testsupport.KeyStoreTestData.PATH;
import static io.keyhold.command.testsupport.KeyStoreTestData.PRIVATE_ENDPOINT;
import static io.keyhold.command.testsupport.KeyStoreTestData.PUBLIC_XKS;
import static io.keyhold.command.testsupport.KeyStoreTestData.RELATED_CLUSTER_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.SECRET_ACCESS_KEY;
import static io.keyhold.command.testsupport.KeyStoreTestData.STORE_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.UNKNOWN_CLUSTER_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.VPC_OWNER;
import static io.keyhold.command.testsupport.KeyStoreTestData.VPC_SERVICE;
import static io.keyhold.command.testsupport.KeyStoreTestData.createCloudHsm;
import static io.keyhold.command.testsupport.KeyStoreTestData.createXksPublic;
import static io.keyhold.command.testsupport.KeyStoreTestData.createXksVpc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.keyhold.api.error.CloudHsmClusterInUseException;
import io.keyhold.api.error.CloudHsmClusterInvalidConfigurationException;
import io.keyhold.api.error.CloudHsmClusterNotActiveException;
import io.keyhold.api.error.CloudHsmClusterNotFoundException;
import io.keyhold.api.error.CustomKeyStoreNameInUseException;
import io.keyhold.api.error.IncorrectTrustAnchorException;
import io.keyhold.api.error.LimitExceededException;
import io.keyhold.api.error.ValidationException;
import io.keyhold.api.error.XksProxyUriEndpointInUseException;
import io.keyhold.api.error.XksProxyUriInUseException;
import io.keyhold.api.error.XksProxyVpcEndpointServiceInUseException;
import io.keyhold.api.keystore.CreateCustomKeyStoreCommand;
import io.keyhold.api.keystore.CustomKeyStoreCreated;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.Secret;
import io.keyhold.api.keystore.XksProxyConnectivity;
import io.keyhold.api.keystore.XksProxyCredential;
import io.keyhold.api.keystore.XksProxySettings;
import io.keyhold.command.testsupport.KeyStoreTestData.CreateBuilder;
import io.keyhold.command.testsupport.RecordingSecretStore.Put;
import io.keyhold.command.testsupport.TestCertificates;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** CreateCustomKeyStore (kms-api.md 3.1) and the create-time uniqueness rules and quota (5.1, 5.2). */
class CustomKeyStoreCreateTest extends CustomKeyStoreFixtureSupport {

    private static final String CLUSTER_FINGERPRINT = TestCertificates.fingerprint(TestCertificates.CLUSTER_CERTIFICATE);

    /** A command shaped by {@code change}, and the exact validation message it must produce. */
    record Case(String description, UnaryOperator<CreateBuilder> change, CreateBuilder base, String message) {
        @Override
        public String toString() {
            return description;
        }
    }

    // happy paths

    @Test
    void createCloudHsmStoreRecordsTheClusterTrustAnchorAndPasswordReference() {
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().build())
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CustomKeyStoreCreated(STORE_ID, ACCOUNT, NAME, CustomKeyStoreType.AWS_CLOUDHSM,
                        fixture.currentTime(), CLUSTER_ID, TestCertificates.TRUST_ANCHOR, CLUSTER_FINGERPRINT, null,
                        "ref-1"))
                .expectNotMarkedDeleted();
        assertThat(secrets.puts()).containsExactly(new Put(STORE_ID, PASSWORD, "ref-1"));
    }

    @Test
    void createWithoutTypeDefaultsToAwsCloudHsm() {
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().type(null).build())
                .expectEvents(new CustomKeyStoreCreated(STORE_ID, ACCOUNT, NAME, CustomKeyStoreType.AWS_CLOUDHSM,
                        fixture.currentTime(), CLUSTER_ID, TestCertificates.TRUST_ANCHOR, CLUSTER_FINGERPRINT, null,
                        "ref-1"));
    }

    @Test
    void createWithoutTypeButWithXksMembersIsValidatedAsAwsCloudHsm() {
        fixture.givenNoPriorActivity()
                .when(createXksPublic().type(null).build())
                .expectException(ValidationException.class)
                .expectExceptionMessage(allOf(containsString("CloudHsmClusterId is required for AWS_CLOUDHSM"),
                        containsString("XksProxyUriEndpoint is not valid for AWS_CLOUDHSM")))
                .expectNoEvents();
    }

    @Test
    void createXksPublicStoreRecordsTheProxySettingsAndSecretReference() {
        fixture.givenNoPriorActivity()
                .when(createXksPublic().build())
                .expectEvents(new CustomKeyStoreCreated(STORE_ID, ACCOUNT, NAME, CustomKeyStoreType.EXTERNAL_KEY_STORE,
                        fixture.currentTime(), null, null, null, PUBLIC_XKS, "ref-1"));
        assertThat(secrets.puts()).containsExactly(new Put(STORE_ID, SECRET_ACCESS_KEY, "ref-1"));
    }

    @Test
    void createXksVpcStoreDefaultsTheEndpointServiceOwnerToTheCallersAccount() {
        fixture.givenNoPriorActivity()
                .when(createXksVpc().build())
                .expectEvents(new CustomKeyStoreCreated(STORE_ID, ACCOUNT, NAME, CustomKeyStoreType.EXTERNAL_KEY_STORE,
                        fixture.currentTime(), null, null, null,
                        new XksProxySettings(PRIVATE_ENDPOINT, PATH, XksProxyConnectivity.VPC_ENDPOINT_SERVICE,
                                VPC_SERVICE, ACCOUNT, ACCESS_KEY_ID),
                        "ref-1"));
    }

    @Test
    void createXksVpcStoreKeepsAnExplicitEndpointServiceOwner() {
        fixture.givenNoPriorActivity()
                .when(createXksVpc().xksProxyVpcEndpointServiceOwner(VPC_OWNER).build())
                .expectEvents(new CustomKeyStoreCreated(STORE_ID, ACCOUNT, NAME, CustomKeyStoreType.EXTERNAL_KEY_STORE,
                        fixture.currentTime(), null, null, null,
                        new XksProxySettings(PRIVATE_ENDPOINT, PATH, XksProxyConnectivity.VPC_ENDPOINT_SERVICE,
                                VPC_SERVICE, VPC_OWNER, ACCESS_KEY_ID),
                        "ref-1"));
    }

    // per-type parameters

    static Stream<Case> missingOrForbiddenParameters() {
        return Stream.of(
                new Case("AWS_CLOUDHSM without CloudHsmClusterId", b -> b.cloudHsmClusterId(null), createCloudHsm(),
                        "CloudHsmClusterId is required for AWS_CLOUDHSM"),
                new Case("AWS_CLOUDHSM without TrustAnchorCertificate", b -> b.trustAnchorCertificate(null), createCloudHsm(),
                        "TrustAnchorCertificate is required for AWS_CLOUDHSM"),
                new Case("AWS_CLOUDHSM without KeyStorePassword", b -> b.keyStorePassword(null), createCloudHsm(),
                        "KeyStorePassword is required for AWS_CLOUDHSM"),
                new Case("AWS_CLOUDHSM with XksProxyUriEndpoint", b -> b.xksProxyUriEndpoint(ENDPOINT), createCloudHsm(),
                        "XksProxyUriEndpoint is not valid for AWS_CLOUDHSM"),
                new Case("AWS_CLOUDHSM with XksProxyUriPath", b -> b.xksProxyUriPath(PATH), createCloudHsm(),
                        "XksProxyUriPath is not valid for AWS_CLOUDHSM"),
                new Case("AWS_CLOUDHSM with XksProxyAuthenticationCredential",
                        b -> b.xksProxyCredential(new XksProxyCredential(ACCESS_KEY_ID, new Secret(SECRET_ACCESS_KEY))),
                        createCloudHsm(), "XksProxyAuthenticationCredential is not valid for AWS_CLOUDHSM"),
                new Case("AWS_CLOUDHSM with XksProxyConnectivity",
                        b -> b.xksProxyConnectivity(XksProxyConnectivity.PUBLIC_ENDPOINT), createCloudHsm(),
                        "XksProxyConnectivity is not valid for AWS_CLOUDHSM"),
                new Case("AWS_CLOUDHSM with XksProxyVpcEndpointServiceName",
                        b -> b.xksProxyVpcEndpointServiceName(VPC_SERVICE), createCloudHsm(),
                        "XksProxyVpcEndpointServiceName is not valid for AWS_CLOUDHSM"),
                new Case("AWS_CLOUDHSM with XksProxyVpcEndpointServiceOwner",
                        b -> b.xksProxyVpcEndpointServiceOwner(VPC_OWNER), createCloudHsm(),
                        "XksProxyVpcEndpointServiceOwner is not valid for AWS_CLOUDHSM"),
                new Case("EXTERNAL_KEY_STORE without XksProxyUriEndpoint", b -> b.xksProxyUriEndpoint(null),
                        createXksPublic(), "XksProxyUriEndpoint is required for EXTERNAL_KEY_STORE"),
                new Case("EXTERNAL_KEY_STORE without XksProxyUriPath", b -> b.xksProxyUriPath(null), createXksPublic(),
                        "XksProxyUriPath is required for EXTERNAL_KEY_STORE"),
                new Case("EXTERNAL_KEY_STORE without XksProxyAuthenticationCredential", b -> b.xksProxyCredential(null),
                        createXksPublic(), "XksProxyAuthenticationCredential is required for EXTERNAL_KEY_STORE"),
                new Case("EXTERNAL_KEY_STORE without XksProxyConnectivity", b -> b.xksProxyConnectivity(null),
                        createXksPublic(), "XksProxyConnectivity is required for EXTERNAL_KEY_STORE"),
                new Case("EXTERNAL_KEY_STORE with CloudHsmClusterId", b -> b.cloudHsmClusterId(CLUSTER_ID),
                        createXksPublic(), "CloudHsmClusterId is not valid for EXTERNAL_KEY_STORE"),
                new Case("EXTERNAL_KEY_STORE with TrustAnchorCertificate",
                        b -> b.trustAnchorCertificate(TestCertificates.TRUST_ANCHOR), createXksPublic(),
                        "TrustAnchorCertificate is not valid for EXTERNAL_KEY_STORE"),
                new Case("EXTERNAL_KEY_STORE with KeyStorePassword", b -> b.keyStorePassword(new Secret(PASSWORD)),
                        createXksPublic(), "KeyStorePassword is not valid for EXTERNAL_KEY_STORE"),
                new Case("VPC_ENDPOINT_SERVICE without XksProxyVpcEndpointServiceName",
                        b -> b.xksProxyVpcEndpointServiceName(null), createXksVpc(),
                        "XksProxyVpcEndpointServiceName is required when XksProxyConnectivity is VPC_ENDPOINT_SERVICE"),
                new Case("PUBLIC_ENDPOINT with XksProxyVpcEndpointServiceName",
                        b -> b.xksProxyVpcEndpointServiceName(VPC_SERVICE), createXksPublic(),
                        "XksProxyVpcEndpointServiceName is not valid for XksProxyConnectivity PUBLIC_ENDPOINT"),
                new Case("PUBLIC_ENDPOINT with XksProxyVpcEndpointServiceOwner",
                        b -> b.xksProxyVpcEndpointServiceOwner(VPC_OWNER), createXksPublic(),
                        "XksProxyVpcEndpointServiceOwner is not valid for XksProxyConnectivity PUBLIC_ENDPOINT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("missingOrForbiddenParameters")
    void createRejectsAMissingOrForbiddenPerTypeParameterWithValidationException(Case c) {
        CreateCustomKeyStoreCommand command = c.change().apply(c.base()).build();
        fixture.givenNoPriorActivity()
                .when(command)
                .expectException(ValidationException.class)
                .expectExceptionMessage(equalTo("1 validation error detected: " + c.message()))
                .expectNoEvents();
        assertThat(secrets.puts()).isEmpty();
        assertThat(lookup.calls()).as("validation comes before any lookup").isEmpty();
    }

    // name and quota

    @Test
    void createIsRejectedWhenTheNameIsTakenInTheAccount() {
        lookup.xksStore(OTHER_STORE_ID, ACCOUNT, NAME, PUBLIC_XKS);
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().build())
                .expectException(CustomKeyStoreNameInUseException.class)
                .expectExceptionMessage(containsString("custom key store name is already assigned"))
                .expectNoEvents();
        assertThat(secrets.puts()).isEmpty();
    }

    @Test
    void createAcceptsANameThatIsOnlyTakenInAnotherAccount() {
        lookup.xksStore(OTHER_STORE_ID, OTHER_ACCOUNT, NAME, PUBLIC_XKS);
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().build())
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CustomKeyStoreCreated(STORE_ID, ACCOUNT, NAME, CustomKeyStoreType.AWS_CLOUDHSM,
                        fixture.currentTime(), CLUSTER_ID, TestCertificates.TRUST_ANCHOR, CLUSTER_FINGERPRINT, null,
                        "ref-1"));
    }

    @Test
    void createIsRejectedWithLimitExceededWhenTheAccountHasTenStores() {
        assertThat(KeyStoreLookupProjection.STORES_PER_ACCOUNT).isEqualTo(10);
        lookup.fill(ACCOUNT, 10);
        fixture.givenNoPriorActivity()
                .when(createXksPublic().build())
                .expectException(LimitExceededException.class)
                .expectExceptionMessage(containsString("at most 10 custom key stores"))
                .expectNoEvents();
        assertThat(secrets.puts()).isEmpty();
    }

    @Test
    void createIsAcceptedWithNineStoresInTheAccount() {
        lookup.fill(ACCOUNT, 9).fill(OTHER_ACCOUNT, 10);
        fixture.givenNoPriorActivity()
                .when(createXksPublic().build())
                .expectEvents(new CustomKeyStoreCreated(STORE_ID, ACCOUNT, NAME, CustomKeyStoreType.EXTERNAL_KEY_STORE,
                        fixture.currentTime(), null, null, null, PUBLIC_XKS, "ref-1"));
    }

    @Test
    void createChecksTheNameBeforeTheQuota() {
        lookup.fill(ACCOUNT, 9).xksStore(OTHER_STORE_ID, ACCOUNT, NAME, PUBLIC_XKS);
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().build())
                .expectException(CustomKeyStoreNameInUseException.class);
    }

    // CloudHSM cluster checks

    @Test
    void createIsRejectedWhenTheClusterIsUnknown() {
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().cloudHsmClusterId(UNKNOWN_CLUSTER_ID).build())
                .expectException(CloudHsmClusterNotFoundException.class)
                .expectExceptionMessage(containsString(UNKNOWN_CLUSTER_ID))
                .expectNoEvents();
    }

    @Test
    void createIsRejectedWhenTheClusterBelongsToAnotherAccount() {
        cluster.ownedBy(OTHER_ACCOUNT);
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().build())
                .expectException(CloudHsmClusterNotFoundException.class)
                .expectExceptionMessage(containsString(CLUSTER_ID))
                .expectNoEvents();
    }

    @Test
    void createIsAcceptedWhenTheClusterBelongsToTheCaller() {
        cluster.ownedBy(ACCOUNT);
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().build())
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void createIsRejectedWhenTheClusterIsNotActive() {
        cluster.describeAs(false, 2, 2);
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().build())
                .expectException(CloudHsmClusterNotActiveException.class)
                .expectExceptionMessage(containsString(CLUSTER_ID + " is not active"))
                .expectNoEvents();
    }

    @Test
    void createIsRejectedWhenTheClusterHasFewerThanTwoActiveHsms() {
        cluster.describeAs(true, 1, 1);
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().build())
                .expectException(CloudHsmClusterInvalidConfigurationException.class)
                .expectExceptionMessage(containsString("at least two active HSMs"))
                .expectNoEvents();
    }

    @Test
    void createIsRejectedWhenTheActiveHsmsAreInASingleAvailabilityZone() {
        cluster.describeAs(true, 3, 1);
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().build())
                .expectException(CloudHsmClusterInvalidConfigurationException.class)
                .expectExceptionMessage(containsString("each in a different Availability Zone"))
                .expectNoEvents();
    }

    @Test
    void createIsRejectedWhenTheTrustAnchorDidNotSignTheClusterCertificate() {
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().trustAnchorCertificate(TestCertificates.OTHER_TRUST_ANCHOR).build())
                .expectException(IncorrectTrustAnchorException.class)
                .expectExceptionMessage(containsString("not the trust anchor certificate for the specified AWS CloudHSM cluster "
                        + CLUSTER_ID))
                .expectNoEvents();
        assertThat(secrets.puts()).isEmpty();
    }

    @Test
    void createIsRejectedWhenTheTrustAnchorIsTheClusterCertificateItself() {
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().trustAnchorCertificate(TestCertificates.CLUSTER_CERTIFICATE).build())
                .expectException(IncorrectTrustAnchorException.class);
    }

    @Test
    void createIsRejectedWhenTheTrustAnchorIsNotACertificate() {
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().trustAnchorCertificate("not a certificate").build())
                .expectException(IncorrectTrustAnchorException.class);
    }

    @Test
    void createIsRejectedWhenTheClusterAlreadyBacksAStoreInTheAccount() {
        lookup.cloudHsmStore(OTHER_STORE_ID, ACCOUNT, "other", CLUSTER_FINGERPRINT);
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().build())
                .expectException(CloudHsmClusterInUseException.class)
                .expectExceptionMessage(containsString(CLUSTER_ID + " is already associated with a custom key store"))
                .expectNoEvents();
        assertThat(lookup.calls()).contains("isClusterInUse(" + ACCOUNT + ", " + CLUSTER_FINGERPRINT + ", null)");
    }

    @Test
    void createIsRejectedWhenARelatedClusterBacksAStoreInTheAccount() {
        // the store in the lookup uses CLUSTER_ID; the new one asks for a cluster with the same certificate
        lookup.cloudHsmStore(OTHER_STORE_ID, ACCOUNT, "other", CLUSTER_FINGERPRINT);
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().cloudHsmClusterId(RELATED_CLUSTER_ID).build())
                .expectException(CloudHsmClusterInUseException.class)
                .expectNoEvents();
    }

    @Test
    void createAcceptsAClusterThatOnlyBacksAStoreInAnotherAccount() {
        lookup.cloudHsmStore(OTHER_STORE_ID, OTHER_ACCOUNT, "other", CLUSTER_FINGERPRINT);
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().build())
                .expectSuccessfulHandlerExecution();
    }

    // XKS uniqueness

    @Test
    void createIsRejectedWhenTheUriEndpointAndPathPairIsInUse() {
        lookup.xksStore(OTHER_STORE_ID, ACCOUNT, "other", PUBLIC_XKS);
        fixture.givenNoPriorActivity()
                .when(createXksPublic().build())
                .expectException(XksProxyUriInUseException.class)
                .expectExceptionMessage(allOf(containsString(ENDPOINT), containsString(PATH)))
                .expectNoEvents();
        assertThat(secrets.puts()).isEmpty();
    }

    @Test
    void createAcceptsAPublicEndpointSharedWithAnotherPublicStoreOnAnotherPath() {
        lookup.xksStore(OTHER_STORE_ID, ACCOUNT, "other", new XksProxySettings(ENDPOINT, OTHER_PATH,
                XksProxyConnectivity.PUBLIC_ENDPOINT, null, null, ACCESS_KEY_ID));
        fixture.givenNoPriorActivity()
                .when(createXksPublic().build())
                .expectEvents(new CustomKeyStoreCreated(STORE_ID, ACCOUNT, NAME, CustomKeyStoreType.EXTERNAL_KEY_STORE,
                        fixture.currentTime(), null, null, null, PUBLIC_XKS, "ref-1"));
    }

    @Test
    void createOfAPublicStoreIsRejectedWhenAVpcStoreOfAnyAccountUsesTheEndpoint() {
        lookup.xksStore(OTHER_STORE_ID, OTHER_ACCOUNT, "other", new XksProxySettings(ENDPOINT, OTHER_PATH,
                XksProxyConnectivity.VPC_ENDPOINT_SERVICE, OTHER_VPC_SERVICE, OTHER_ACCOUNT, ACCESS_KEY_ID));
        fixture.givenNoPriorActivity()
                .when(createXksPublic().build())
                .expectException(XksProxyUriEndpointInUseException.class)
                .expectExceptionMessage(containsString("XksProxyUriEndpoint " + ENDPOINT))
                .expectNoEvents();
    }

    @Test
    void createOfAVpcStoreIsRejectedWhenAnyStoreUsesTheEndpoint() {
        lookup.xksStore(OTHER_STORE_ID, ACCOUNT, "other", new XksProxySettings(PRIVATE_ENDPOINT, OTHER_PATH,
                XksProxyConnectivity.PUBLIC_ENDPOINT, null, null, ACCESS_KEY_ID));
        fixture.givenNoPriorActivity()
                .when(createXksVpc().build())
                .expectException(XksProxyUriEndpointInUseException.class)
                .expectNoEvents();
    }

    @Test
    void createIsRejectedWhenTheVpcEndpointServiceIsInUse() {
        lookup.xksStore(OTHER_STORE_ID, OTHER_ACCOUNT, "other", new XksProxySettings(OTHER_ENDPOINT, OTHER_PATH,
                XksProxyConnectivity.VPC_ENDPOINT_SERVICE, VPC_SERVICE, OTHER_ACCOUNT, ACCESS_KEY_ID));
        fixture.givenNoPriorActivity()
                .when(createXksVpc().build())
                .expectException(XksProxyVpcEndpointServiceInUseException.class)
                .expectExceptionMessage(containsString("VPC endpoint service " + VPC_SERVICE))
                .expectNoEvents();
        assertThat(secrets.puts()).isEmpty();
    }

    @Test
    void createOfAVpcStoreAsksTheLookupWithoutExcludingAnyStore() {
        fixture.givenNoPriorActivity()
                .when(createXksVpc().build())
                .expectSuccessfulHandlerExecution();
        assertThat(lookup.calls()).containsExactly(
                "isNameTaken(" + ACCOUNT + ", " + NAME + ", null)",
                "countStores(" + ACCOUNT + ")",
                "isXksUriInUse(" + ACCOUNT + ", " + PRIVATE_ENDPOINT + ", " + PATH + ", null)",
                "isXksEndpointInUse(" + PRIVATE_ENDPOINT + ", VPC_ENDPOINT_SERVICE, null)",
                "isVpcEndpointServiceInUse(" + VPC_SERVICE + ", null)");
    }
}
