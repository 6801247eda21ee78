package io.keyhold.command.keystore;

import static io.keyhold.command.testsupport.KeyStoreTestData.ACCESS_KEY_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.CLUSTER_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.ENDPOINT;
import static io.keyhold.command.testsupport.KeyStoreTestData.NAME;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_ACCESS_KEY_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_ENDPOINT;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_PATH;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_STORE_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_VPC_SERVICE;
import static io.keyhold.command.testsupport.KeyStoreTestData.PATH;
import static io.keyhold.command.testsupport.KeyStoreTestData.PRIVATE_ENDPOINT;
import static io.keyhold.command.testsupport.KeyStoreTestData.PUBLIC_XKS;
import static io.keyhold.command.testsupport.KeyStoreTestData.RELATED_CLUSTER_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.STORE_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.UNKNOWN_CLUSTER_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.UNRELATED_CLUSTER_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.VPC_OWNER;
import static io.keyhold.command.testsupport.KeyStoreTestData.VPC_SERVICE;
import static io.keyhold.command.testsupport.KeyStoreTestData.VPC_XKS;
import static io.keyhold.command.testsupport.KeyStoreTestData.cloudHsmCreated;
import static io.keyhold.command.testsupport.KeyStoreTestData.historyIn;
import static io.keyhold.command.testsupport.KeyStoreTestData.update;
import static io.keyhold.command.testsupport.KeyStoreTestData.xksCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.keyhold.api.error.CloudHsmClusterInvalidConfigurationException;
import io.keyhold.api.error.CloudHsmClusterNotActiveException;
import io.keyhold.api.error.CloudHsmClusterNotFoundException;
import io.keyhold.api.error.CloudHsmClusterNotRelatedException;
import io.keyhold.api.error.CustomKeyStoreInvalidStateException;
import io.keyhold.api.error.CustomKeyStoreNameInUseException;
import io.keyhold.api.error.ValidationException;
import io.keyhold.api.error.XksProxyUriEndpointInUseException;
import io.keyhold.api.error.XksProxyUriInUseException;
import io.keyhold.api.error.XksProxyVpcEndpointServiceInUseException;
import io.keyhold.api.keystore.CloudHsmClusterChanged;
import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.api.keystore.CustomKeyStoreRenamed;
import io.keyhold.api.keystore.KeyStoreCredentialUpdated;
import io.keyhold.api.keystore.UpdateCustomKeyStoreCommand;
import io.keyhold.api.keystore.XksProxyConfigurationChanged;
import io.keyhold.api.keystore.XksProxyConnectivity;
import io.keyhold.api.keystore.XksProxySettings;
import io.keyhold.command.testsupport.RecordingSecretStore.Put;
import io.keyhold.command.testsupport.TestCertificates;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** UpdateCustomKeyStore (kms-api.md 3.5): what each member changes, and its checks. */
class CustomKeyStoreUpdateTest extends CustomKeyStoreFixtureSupport {

    private static final String CLUSTER_FINGERPRINT = TestCertificates.fingerprint(TestCertificates.CLUSTER_CERTIFICATE);

    // name

    @Test
    void renameEmitsCustomKeyStoreRenamed() {
        fixture.given(cloudHsmCreated())
                .when(update().newName("renamed").build())
                .expectEvents(new CustomKeyStoreRenamed(STORE_ID, ACCOUNT, "renamed"));
        assertThat(lookup.calls()).containsExactly("isNameTaken(" + ACCOUNT + ", renamed, " + STORE_ID + ")");
    }

    @Test
    void renameToTheCurrentNameEmitsNothing() {
        fixture.given(cloudHsmCreated())
                .when(update().newName(NAME).build())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertThat(lookup.calls()).isEmpty();
    }

    @Test
    void renameAfterAnEarlierRenameComparesWithTheLatestName() {
        fixture.given(cloudHsmCreated(), new CustomKeyStoreRenamed(STORE_ID, ACCOUNT, "renamed"))
                .when(update().newName(NAME).build())
                .expectEvents(new CustomKeyStoreRenamed(STORE_ID, ACCOUNT, NAME));
    }

    @Test
    void renameIsRejectedWhenAnotherStoreOfTheAccountHasTheName() {
        lookup.cloudHsmStore(OTHER_STORE_ID, ACCOUNT, "taken", "fingerprint-other");
        fixture.given(cloudHsmCreated())
                .when(update().newName("taken").build())
                .expectException(CustomKeyStoreNameInUseException.class)
                .expectNoEvents();
    }

    @Test
    void renameIsAcceptedWhenOnlyAnotherAccountHasTheName() {
        lookup.cloudHsmStore(OTHER_STORE_ID, OTHER_ACCOUNT, "taken", "fingerprint-other");
        fixture.given(cloudHsmCreated())
                .when(update().newName("taken").build())
                .expectEvents(new CustomKeyStoreRenamed(STORE_ID, ACCOUNT, "taken"));
    }

    // no-op

    @Test
    void emptyUpdateIsANoOp() {
        fixture.given(xksCreated(PUBLIC_XKS))
                .when(update().build())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertThat(lookup.calls()).isEmpty();
        assertThat(secrets.puts()).isEmpty();
    }

    @Test
    void emptyUpdateIsANoOpWhileConnected() {
        fixture.given(historyIn(cloudHsmCreated(), ConnectionState.CONNECTED))
                .when(update().build())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    // CloudHSM members

    @Test
    void keyStorePasswordIsStoredUnderANewReference() {
        fixture.given(cloudHsmCreated())
                .when(update().keyStorePassword("new-Passw0rd").build())
                .expectEvents(new KeyStoreCredentialUpdated(STORE_ID, ACCOUNT, "ref-1"));
        assertThat(secrets.puts()).containsExactly(new Put(STORE_ID, "new-Passw0rd", "ref-1"));
    }

    @Test
    void nameAndPasswordTogetherEmitBothEvents() {
        fixture.given(cloudHsmCreated())
                .when(update().newName("renamed").keyStorePassword("new-Passw0rd").build())
                .expectEvents(new CustomKeyStoreRenamed(STORE_ID, ACCOUNT, "renamed"),
                        new KeyStoreCredentialUpdated(STORE_ID, ACCOUNT, "ref-1"));
    }

    @Test
    void relatedClusterReplacesTheStoresCluster() {
        fixture.given(cloudHsmCreated())
                .when(update().cloudHsmClusterId(RELATED_CLUSTER_ID).build())
                .expectEvents(new CloudHsmClusterChanged(STORE_ID, ACCOUNT, RELATED_CLUSTER_ID, CLUSTER_FINGERPRINT));
    }

    @Test
    void theCurrentClusterIdEmitsNothing() {
        fixture.given(cloudHsmCreated())
                .when(update().cloudHsmClusterId(CLUSTER_ID).build())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void unrelatedClusterIsRejected() {
        fixture.given(cloudHsmCreated())
                .when(update().cloudHsmClusterId(UNRELATED_CLUSTER_ID).build())
                .expectException(CloudHsmClusterNotRelatedException.class)
                .expectExceptionMessage(allOf(containsString(UNRELATED_CLUSTER_ID),
                        containsString("does not share its backup history")))
                .expectNoEvents();
    }

    @Test
    void unknownClusterIsRejected() {
        fixture.given(cloudHsmCreated())
                .when(update().cloudHsmClusterId(UNKNOWN_CLUSTER_ID).build())
                .expectException(CloudHsmClusterNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void relatedClusterThatIsNotActiveIsRejected() {
        relatedCluster.describeAs(false, 2, 2);
        fixture.given(cloudHsmCreated())
                .when(update().cloudHsmClusterId(RELATED_CLUSTER_ID).build())
                .expectException(CloudHsmClusterNotActiveException.class)
                .expectNoEvents();
    }

    @Test
    void relatedClusterWithTooFewHsmsIsRejected() {
        relatedCluster.describeAs(true, 2, 1);
        fixture.given(cloudHsmCreated())
                .when(update().cloudHsmClusterId(RELATED_CLUSTER_ID).build())
                .expectException(CloudHsmClusterInvalidConfigurationException.class)
                .expectNoEvents();
    }

    @Test
    void clusterChangeAfterAnEarlierChangeComparesWithTheLatestCluster() {
        fixture.given(cloudHsmCreated(),
                        new CloudHsmClusterChanged(STORE_ID, ACCOUNT, RELATED_CLUSTER_ID, CLUSTER_FINGERPRINT))
                .when(update().cloudHsmClusterId(CLUSTER_ID).build())
                .expectEvents(new CloudHsmClusterChanged(STORE_ID, ACCOUNT, CLUSTER_ID, CLUSTER_FINGERPRINT));
    }

    // members of the other store type

    static Stream<Arguments> membersOfTheOtherStoreType() {
        return Stream.of(
                Arguments.of("AWS_CLOUDHSM", update().xksProxyUriEndpoint(OTHER_ENDPOINT).build(), "XksProxyUriEndpoint"),
                Arguments.of("AWS_CLOUDHSM", update().xksProxyUriPath(OTHER_PATH).build(), "XksProxyUriPath"),
                Arguments.of("AWS_CLOUDHSM", update().xksProxyVpcEndpointServiceName(VPC_SERVICE).build(),
                        "XksProxyVpcEndpointServiceName"),
                Arguments.of("AWS_CLOUDHSM", update().xksProxyVpcEndpointServiceOwner(VPC_OWNER).build(),
                        "XksProxyVpcEndpointServiceOwner"),
                Arguments.of("AWS_CLOUDHSM", update().xksProxyCredential(OTHER_ACCESS_KEY_ID, "secret-access-key").build(),
                        "XksProxyAuthenticationCredential"),
                Arguments.of("AWS_CLOUDHSM", update().xksProxyConnectivity(XksProxyConnectivity.PUBLIC_ENDPOINT).build(),
                        "XksProxyConnectivity"),
                Arguments.of("EXTERNAL_KEY_STORE", update().keyStorePassword("new-Passw0rd").build(), "KeyStorePassword"),
                Arguments.of("EXTERNAL_KEY_STORE", update().cloudHsmClusterId(RELATED_CLUSTER_ID).build(),
                        "CloudHsmClusterId"));
    }

    @ParameterizedTest(name = "{2} on {0}")
    @MethodSource("membersOfTheOtherStoreType")
    void membersOfTheOtherStoreTypeAreRejectedWithValidationException(String type, UpdateCustomKeyStoreCommand command,
                                                                     String member) {
        fixture.given(type.equals("AWS_CLOUDHSM") ? cloudHsmCreated() : xksCreated(PUBLIC_XKS))
                .when(command)
                .expectException(ValidationException.class)
                .expectExceptionMessage(equalTo("1 validation error detected: " + member
                        + " is not valid for a custom key store of type " + type))
                .expectNoEvents();
        assertThat(secrets.puts()).isEmpty();
    }

    @Test
    void everyMisplacedMemberIsReported() {
        fixture.given(cloudHsmCreated())
                .when(update().newName("renamed").xksProxyUriPath(OTHER_PATH).xksProxyConnectivity(
                        XksProxyConnectivity.PUBLIC_ENDPOINT).build())
                .expectException(ValidationException.class)
                .expectExceptionMessage(allOf(containsString("2 validation errors detected"),
                        containsString("XksProxyUriPath is not valid"), containsString("XksProxyConnectivity is not valid")))
                .expectNoEvents();
    }

    // XKS members while CONNECTED

    @Test
    void xksUriPathMayChangeWhileConnected() {
        fixture.given(historyIn(xksCreated(PUBLIC_XKS), ConnectionState.CONNECTED))
                .when(update().xksProxyUriPath(OTHER_PATH).build())
                .expectEvents(new XksProxyConfigurationChanged(STORE_ID, ACCOUNT,
                        new XksProxySettings(ENDPOINT, OTHER_PATH, XksProxyConnectivity.PUBLIC_ENDPOINT, null, null,
                                ACCESS_KEY_ID)));
    }

    @Test
    void xksCredentialMayChangeWhileConnected() {
        fixture.given(historyIn(xksCreated(PUBLIC_XKS), ConnectionState.CONNECTED))
                .when(update().xksProxyCredential(OTHER_ACCESS_KEY_ID, "new-secret-access-key").build())
                .expectEvents(new XksProxyConfigurationChanged(STORE_ID, ACCOUNT,
                                new XksProxySettings(ENDPOINT, PATH, XksProxyConnectivity.PUBLIC_ENDPOINT, null, null,
                                        OTHER_ACCESS_KEY_ID)),
                        new KeyStoreCredentialUpdated(STORE_ID, ACCOUNT, "ref-1"));
        assertThat(secrets.puts()).containsExactly(new Put(STORE_ID, "new-secret-access-key", "ref-1"));
    }

    @Test
    void xksSecretWithTheSameAccessKeyIdOnlyUpdatesTheCredential() {
        fixture.given(xksCreated(PUBLIC_XKS))
                .when(update().xksProxyCredential(ACCESS_KEY_ID, "rotated-secret-access-key").build())
                .expectEvents(new KeyStoreCredentialUpdated(STORE_ID, ACCOUNT, "ref-1"));
    }

    @Test
    void xksUriPathUnchangedEmitsNothing() {
        fixture.given(xksCreated(PUBLIC_XKS))
                .when(update().xksProxyUriPath(PATH).build())
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertThat(lookup.calls()).isEmpty();
    }

    @Test
    void xksUriEndpointIsRejectedWhileConnected() {
        fixture.given(historyIn(xksCreated(PUBLIC_XKS), ConnectionState.CONNECTED))
                .when(update().xksProxyUriEndpoint(OTHER_ENDPOINT).xksProxyUriPath(OTHER_PATH).build())
                .expectException(CustomKeyStoreInvalidStateException.class)
                .expectExceptionMessage(allOf(containsString("while its ConnectionState is CONNECTED"),
                        containsString("before changing XksProxyUriEndpoint.")))
                .expectNoEvents();
    }

    @Test
    void vpcEndpointServiceMembersAreRejectedWhileConnected() {
        fixture.given(historyIn(xksCreated(VPC_XKS), ConnectionState.CONNECTED))
                .when(update().xksProxyVpcEndpointServiceName(OTHER_VPC_SERVICE).xksProxyVpcEndpointServiceOwner(VPC_OWNER)
                        .build())
                .expectException(CustomKeyStoreInvalidStateException.class)
                .expectExceptionMessage(containsString(
                        "before changing XksProxyVpcEndpointServiceName, XksProxyVpcEndpointServiceOwner."))
                .expectNoEvents();
    }

    @Test
    void vpcEndpointServiceNameAndOwnerMayChangeWhenDisconnected() {
        fixture.given(xksCreated(VPC_XKS))
                .when(update().xksProxyVpcEndpointServiceName(OTHER_VPC_SERVICE).xksProxyVpcEndpointServiceOwner(VPC_OWNER)
                        .build())
                .expectEvents(new XksProxyConfigurationChanged(STORE_ID, ACCOUNT, new XksProxySettings(PRIVATE_ENDPOINT,
                        PATH, XksProxyConnectivity.VPC_ENDPOINT_SERVICE, OTHER_VPC_SERVICE, VPC_OWNER, ACCESS_KEY_ID)));
    }

    // connectivity switches

    @Test
    void switchToVpcNeedsANewEndpointAndAServiceNameAndDefaultsTheOwner() {
        fixture.given(xksCreated(PUBLIC_XKS))
                .when(update().xksProxyConnectivity(XksProxyConnectivity.VPC_ENDPOINT_SERVICE)
                        .xksProxyUriEndpoint(PRIVATE_ENDPOINT).xksProxyVpcEndpointServiceName(VPC_SERVICE).build())
                .expectEvents(new XksProxyConfigurationChanged(STORE_ID, ACCOUNT, new XksProxySettings(PRIVATE_ENDPOINT,
                        PATH, XksProxyConnectivity.VPC_ENDPOINT_SERVICE, VPC_SERVICE, ACCOUNT, ACCESS_KEY_ID)));
    }

    @Test
    void switchToVpcKeepsAnExplicitOwner() {
        fixture.given(xksCreated(PUBLIC_XKS))
                .when(update().xksProxyConnectivity(XksProxyConnectivity.VPC_ENDPOINT_SERVICE)
                        .xksProxyUriEndpoint(PRIVATE_ENDPOINT).xksProxyVpcEndpointServiceName(VPC_SERVICE)
                        .xksProxyVpcEndpointServiceOwner(VPC_OWNER).build())
                .expectEvents(new XksProxyConfigurationChanged(STORE_ID, ACCOUNT, new XksProxySettings(PRIVATE_ENDPOINT,
                        PATH, XksProxyConnectivity.VPC_ENDPOINT_SERVICE, VPC_SERVICE, VPC_OWNER, ACCESS_KEY_ID)));
    }

    @Test
    void switchToVpcWithoutANewEndpointIsRejected() {
        fixture.given(xksCreated(PUBLIC_XKS))
                .when(update().xksProxyConnectivity(XksProxyConnectivity.VPC_ENDPOINT_SERVICE)
                        .xksProxyVpcEndpointServiceName(VPC_SERVICE).build())
                .expectException(ValidationException.class)
                .expectExceptionMessage(equalTo("1 validation error detected: Changing XksProxyConnectivity to "
                        + "VPC_ENDPOINT_SERVICE requires a new XksProxyUriEndpoint"))
                .expectNoEvents();
    }

    @Test
    void switchToVpcWithTheSameEndpointIsRejected() {
        fixture.given(xksCreated(PUBLIC_XKS))
                .when(update().xksProxyConnectivity(XksProxyConnectivity.VPC_ENDPOINT_SERVICE)
                        .xksProxyUriEndpoint(ENDPOINT).xksProxyVpcEndpointServiceName(VPC_SERVICE).build())
                .expectException(ValidationException.class)
                .expectExceptionMessage(containsString("requires a new XksProxyUriEndpoint"))
                .expectNoEvents();
    }

    @Test
    void switchToVpcWithoutAServiceNameIsRejected() {
        fixture.given(xksCreated(PUBLIC_XKS))
                .when(update().xksProxyConnectivity(XksProxyConnectivity.VPC_ENDPOINT_SERVICE)
                        .xksProxyUriEndpoint(PRIVATE_ENDPOINT).build())
                .expectException(ValidationException.class)
                .expectExceptionMessage(equalTo("1 validation error detected: XksProxyVpcEndpointServiceName is required "
                        + "when changing XksProxyConnectivity to VPC_ENDPOINT_SERVICE"))
                .expectNoEvents();
    }

    @Test
    void switchToPublicNeedsANewEndpointAndClearsTheServiceNameAndOwner() {
        fixture.given(xksCreated(VPC_XKS))
                .when(update().xksProxyConnectivity(XksProxyConnectivity.PUBLIC_ENDPOINT).xksProxyUriEndpoint(ENDPOINT)
                        .build())
                .expectEvents(new XksProxyConfigurationChanged(STORE_ID, ACCOUNT, new XksProxySettings(ENDPOINT, PATH,
                        XksProxyConnectivity.PUBLIC_ENDPOINT, null, null, ACCESS_KEY_ID)));
    }

    @Test
    void switchToPublicWithoutANewEndpointIsRejected() {
        fixture.given(xksCreated(VPC_XKS))
                .when(update().xksProxyConnectivity(XksProxyConnectivity.PUBLIC_ENDPOINT).build())
                .expectException(ValidationException.class)
                .expectExceptionMessage(equalTo("1 validation error detected: Changing XksProxyConnectivity to "
                        + "PUBLIC_ENDPOINT requires a new XksProxyUriEndpoint"))
                .expectNoEvents();
    }

    @Test
    void switchToPublicWithAServiceNameIsRejected() {
        fixture.given(xksCreated(VPC_XKS))
                .when(update().xksProxyConnectivity(XksProxyConnectivity.PUBLIC_ENDPOINT).xksProxyUriEndpoint(ENDPOINT)
                        .xksProxyVpcEndpointServiceName(OTHER_VPC_SERVICE).build())
                .expectException(ValidationException.class)
                .expectExceptionMessage(containsString("not valid with PUBLIC_ENDPOINT connectivity"))
                .expectNoEvents();
    }

    @Test
    void vpcServiceNameOnAPublicStoreIsRejected() {
        fixture.given(xksCreated(PUBLIC_XKS))
                .when(update().xksProxyVpcEndpointServiceName(VPC_SERVICE).build())
                .expectException(ValidationException.class)
                .expectExceptionMessage(containsString("not valid with PUBLIC_ENDPOINT connectivity"))
                .expectNoEvents();
    }

    @Test
    void connectivitySwitchIsRejectedWhileConnected() {
        fixture.given(historyIn(xksCreated(PUBLIC_XKS), ConnectionState.CONNECTED))
                .when(update().xksProxyConnectivity(XksProxyConnectivity.VPC_ENDPOINT_SERVICE)
                        .xksProxyUriEndpoint(PRIVATE_ENDPOINT).xksProxyVpcEndpointServiceName(VPC_SERVICE).build())
                .expectException(CustomKeyStoreInvalidStateException.class)
                .expectNoEvents();
    }

    // uniqueness, excluding the store itself

    @Test
    void uniquenessChecksExcludeTheStoreItself() {
        // the lookup knows this store's own VPC endpoint, service and URI pair
        lookup.xksStore(STORE_ID, ACCOUNT, NAME, VPC_XKS);
        fixture.given(historyIn(xksCreated(VPC_XKS), ConnectionState.CONNECTED))
                .when(update().xksProxyCredential(OTHER_ACCESS_KEY_ID, "new-secret-access-key").build())
                .expectEvents(new XksProxyConfigurationChanged(STORE_ID, ACCOUNT, new XksProxySettings(PRIVATE_ENDPOINT,
                                PATH, XksProxyConnectivity.VPC_ENDPOINT_SERVICE, VPC_SERVICE, ACCOUNT, OTHER_ACCESS_KEY_ID)),
                        new KeyStoreCredentialUpdated(STORE_ID, ACCOUNT, "ref-1"));
        assertThat(lookup.calls()).containsExactly(
                "isXksUriInUse(" + ACCOUNT + ", " + PRIVATE_ENDPOINT + ", " + PATH + ", " + STORE_ID + ")",
                "isXksEndpointInUse(" + PRIVATE_ENDPOINT + ", VPC_ENDPOINT_SERVICE, " + STORE_ID + ")",
                "isVpcEndpointServiceInUse(" + VPC_SERVICE + ", " + STORE_ID + ")");
    }

    @Test
    void uriPathIsRejectedWhenAnotherStoreUsesTheNewPair() {
        lookup.xksStore(STORE_ID, ACCOUNT, NAME, PUBLIC_XKS).xksStore(OTHER_STORE_ID, ACCOUNT, "other",
                new XksProxySettings(ENDPOINT, OTHER_PATH, XksProxyConnectivity.PUBLIC_ENDPOINT, null, null, ACCESS_KEY_ID));
        fixture.given(historyIn(xksCreated(PUBLIC_XKS), ConnectionState.CONNECTED))
                .when(update().xksProxyUriPath(OTHER_PATH).build())
                .expectException(XksProxyUriInUseException.class)
                .expectExceptionMessage(containsString(OTHER_PATH))
                .expectNoEvents();
    }

    @Test
    void publicEndpointIsRejectedWhenAVpcStoreUsesIt() {
        lookup.xksStore(OTHER_STORE_ID, OTHER_ACCOUNT, "other", new XksProxySettings(OTHER_ENDPOINT, OTHER_PATH,
                XksProxyConnectivity.VPC_ENDPOINT_SERVICE, OTHER_VPC_SERVICE, OTHER_ACCOUNT, ACCESS_KEY_ID));
        fixture.given(xksCreated(PUBLIC_XKS))
                .when(update().xksProxyUriEndpoint(OTHER_ENDPOINT).build())
                .expectException(XksProxyUriEndpointInUseException.class)
                .expectNoEvents();
    }

    @Test
    void vpcServiceNameIsRejectedWhenAnotherStoreUsesIt() {
        lookup.xksStore(OTHER_STORE_ID, OTHER_ACCOUNT, "other", new XksProxySettings(OTHER_ENDPOINT, OTHER_PATH,
                XksProxyConnectivity.VPC_ENDPOINT_SERVICE, OTHER_VPC_SERVICE, OTHER_ACCOUNT, ACCESS_KEY_ID));
        fixture.given(xksCreated(VPC_XKS))
                .when(update().xksProxyVpcEndpointServiceName(OTHER_VPC_SERVICE).build())
                .expectException(XksProxyVpcEndpointServiceInUseException.class)
                .expectExceptionMessage(containsString(OTHER_VPC_SERVICE))
                .expectNoEvents();
        assertThat(secrets.puts()).isEmpty();
    }
}
