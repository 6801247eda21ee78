package io.keyhold.command.keystore;

import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_PATH;
import static io.keyhold.command.testsupport.KeyStoreTestData.PUBLIC_XKS;
import static io.keyhold.command.testsupport.KeyStoreTestData.SECRET_ACCESS_KEY;
import static io.keyhold.command.testsupport.KeyStoreTestData.createCloudHsm;
import static io.keyhold.command.testsupport.KeyStoreTestData.createXksPublic;
import static io.keyhold.command.testsupport.KeyStoreTestData.update;
import static io.keyhold.command.testsupport.KeyStoreTestData.xksCreated;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyhold.api.error.XksProxyIncorrectAuthenticationCredentialException;
import io.keyhold.api.error.XksProxyUriUnreachableException;
import io.keyhold.api.keystore.XksProxySettings;
import io.keyhold.command.testsupport.RecordingXksProxyProbe.Check;

import org.junit.jupiter.api.Test;

/** KMS sends GetHealthStatus with the new settings before it creates or updates an external key store. */
class XksProxyProbeTest extends CustomKeyStoreFixtureSupport {

    @Test
    void createOfAnExternalKeyStoreProbesTheProxyWithTheGivenCredential() {
        fixture.givenNoPriorActivity()
                .when(createXksPublic().build())
                .expectSuccessfulHandlerExecution();
        assertThat(xksProxies.checks()).containsExactly(new Check(PUBLIC_XKS, SECRET_ACCESS_KEY, "CreateCustomKeyStore"));
    }

    @Test
    void createFailsWithTheProxysErrorAndRecordsNothing() {
        xksProxies.failWith(new XksProxyUriUnreachableException("KMS cannot reach the proxy."));
        fixture.givenNoPriorActivity()
                .when(createXksPublic().build())
                .expectException(XksProxyUriUnreachableException.class)
                .expectNoEvents();
        assertThat(secrets.puts()).isEmpty();
    }

    @Test
    void createOfACloudHsmKeyStoreDoesNotProbeAnyProxy() {
        fixture.givenNoPriorActivity()
                .when(createCloudHsm().build())
                .expectSuccessfulHandlerExecution();
        assertThat(xksProxies.checks()).isEmpty();
    }

    @Test
    void updateOfThePathProbesTheNewPathWithTheStoredCredential() {
        fixture.given(xksCreated(PUBLIC_XKS))
                .when(update().xksProxyUriPath(OTHER_PATH).build())
                .expectSuccessfulHandlerExecution();
        XksProxySettings moved = new XksProxySettings(PUBLIC_XKS.uriEndpoint(), OTHER_PATH, PUBLIC_XKS.connectivity(),
                null, null, PUBLIC_XKS.accessKeyId());
        assertThat(xksProxies.checks()).containsExactly(new Check(moved, SECRET_ACCESS_KEY, "UpdateCustomKeyStore"));
    }

    @Test
    void updateOfTheCredentialProbesWithTheNewCredential() {
        fixture.given(xksCreated(PUBLIC_XKS))
                .when(update().xksProxyCredential("QRSTUVWXYZ234567ABCD", "bmV3LXNlY3JldC1uZXctc2VjcmV0LW5ldy1zZWNyZXQ=").build())
                .expectSuccessfulHandlerExecution();
        assertThat(xksProxies.checks()).singleElement().satisfies(check -> {
            assertThat(check.settings().accessKeyId()).isEqualTo("QRSTUVWXYZ234567ABCD");
            assertThat(check.secretAccessKey()).isEqualTo("bmV3LXNlY3JldC1uZXctc2VjcmV0LW5ldy1zZWNyZXQ=");
        });
    }

    @Test
    void renamingDoesNotProbeTheProxy() {
        fixture.given(xksCreated(PUBLIC_XKS))
                .when(update().newName("renamed").build())
                .expectSuccessfulHandlerExecution();
        assertThat(xksProxies.checks()).isEmpty();
    }

    @Test
    void updateFailsWithTheProxysErrorAndRecordsNothing() {
        xksProxies.failWith(new XksProxyIncorrectAuthenticationCredentialException("The proxy rejected the credential."));
        fixture.given(xksCreated(PUBLIC_XKS))
                .when(update().xksProxyUriPath(OTHER_PATH).build())
                .expectException(XksProxyIncorrectAuthenticationCredentialException.class)
                .expectNoEvents();
    }
}
