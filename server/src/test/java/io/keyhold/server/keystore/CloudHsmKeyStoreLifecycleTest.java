package io.keyhold.server.keystore;

import static io.keyhold.server.testsupport.KmsErrors.expectError;
import static io.keyhold.server.keystore.TestAccount.FAILED_CONNECT;
import static io.keyhold.server.keystore.TestAccount.LIFECYCLE;
import static io.keyhold.server.keystore.TestAccount.RECONNECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.connector.ConnectionFailedException;

import java.net.http.HttpResponse;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CreateCustomKeyStoreResponse;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreInvalidStateException;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreNotFoundException;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

/** The six operations through the AWS SDK on a CloudHSM key store, across its connection states. */
class CloudHsmKeyStoreLifecycleTest extends KeyholdEndToEndTest {

    @Test
    void cloudHsmStoreGoesThroughItsWholeLifecycle() {
        String password = "lifecycle-pw-" + next();
        setKmsUserPassword(password);
        KmsClient kms = kms(LIFECYCLE);

        Instant before = Instant.now();
        CreateCustomKeyStoreResponse created = kms.createCustomKeyStore(r -> r.customKeyStoreName("lifecycle")
                .cloudHsmClusterId(LOCAL_CLUSTER)
                .trustAnchorCertificate(trustAnchor(LOCAL_CLUSTER))
                .keyStorePassword(password));
        Instant after = Instant.now();
        String id = created.customKeyStoreId();
        assertThat(id).matches("cks-[0-9a-f]{17}");

        CustomKeyStoresListEntry entry = describe(LIFECYCLE, id);
        assertThat(entry.customKeyStoreId()).isEqualTo(id);
        assertThat(entry.customKeyStoreName()).isEqualTo("lifecycle");
        assertThat(entry.customKeyStoreType()).isEqualTo(CustomKeyStoreType.AWS_CLOUDHSM);
        assertThat(entry.connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);
        assertThat(entry.connectionErrorCode()).isNull();
        assertThat(entry.cloudHsmClusterId()).isEqualTo(LOCAL_CLUSTER);
        assertThat(entry.trustAnchorCertificate()).isEqualTo(trustAnchor(LOCAL_CLUSTER));
        assertThat(entry.xksProxyConfiguration()).isNull();
        assertThat(entry.creationDate()).isBetween(before.minusSeconds(1), after.plusSeconds(1));

        HttpResponse<String> describedRaw = raw().call(LIFECYCLE, "DescribeCustomKeyStores", "{}");
        assertThat(describedRaw.statusCode()).isEqualTo(200);
        assertThat(describedRaw.body()).contains(id).doesNotContain(password).doesNotContainIgnoringCase("password");

        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(awaitConnectOutcome(LIFECYCLE, id, ConnectionStateType.CONNECTED).connectionErrorCode()).isNull();

        int eventsWhenConnected = eventCount(id);
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(describe(LIFECYCLE, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
        assertThat(eventCount(id)).as("a connect while CONNECTED changes nothing").isEqualTo(eventsWhenConnected);

        kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).newCustomKeyStoreName("lifecycle-renamed"));
        entry = describe(LIFECYCLE, id);
        assertThat(entry.customKeyStoreName()).isEqualTo("lifecycle-renamed");
        assertThat(entry.connectionState()).isEqualTo(ConnectionStateType.CONNECTED);

        expectError(CustomKeyStoreInvalidStateException.class,
                () -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).keyStorePassword("another-password")));
        expectError(CustomKeyStoreInvalidStateException.class, () -> kms.updateCustomKeyStore(
                r -> r.customKeyStoreId(id).newCustomKeyStoreName("renamed-twice").keyStorePassword("another-password")));
        assertThat(describe(LIFECYCLE, id).customKeyStoreName())
                .as("a rejected update changes nothing, not even the allowed member").isEqualTo("lifecycle-renamed");
        expectError(CustomKeyStoreInvalidStateException.class, () -> kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id)));

        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        entry = describe(LIFECYCLE, id);
        assertThat(entry.connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);
        assertThat(entry.connectionErrorCode()).isNull();
        expectError(CustomKeyStoreInvalidStateException.class,
                () -> kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id)));

        kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id));
        expectError(CustomKeyStoreNotFoundException.class,
                () -> kms.describeCustomKeyStores(r -> r.customKeyStoreId(id)));
        assertThat(kms.describeCustomKeyStores(r -> { }).customKeyStores()).isEmpty();
        expectError(CustomKeyStoreNotFoundException.class, () -> kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id)));
        expectError(CustomKeyStoreNotFoundException.class, () -> kms.connectCustomKeyStore(r -> r.customKeyStoreId(id)));
    }

    @Test
    void failedConnectionIsReportedUntilDisconnectedAndRecoversWithTheRightPassword() {
        String rightPassword = "right-pw-" + next();
        setKmsUserPassword(rightPassword);
        KmsClient kms = kms(FAILED_CONNECT);
        String id = createCloudHsmStore(FAILED_CONNECT, "failing", "wrong-password");

        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        CustomKeyStoresListEntry failed = awaitConnectOutcome(FAILED_CONNECT, id, ConnectionStateType.FAILED);
        assertThat(failed.connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.INVALID_CREDENTIALS);

        expectError(CustomKeyStoreInvalidStateException.class, () -> kms.connectCustomKeyStore(r -> r.customKeyStoreId(id)));
        expectError(CustomKeyStoreInvalidStateException.class, () -> kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id)));
        expectError(CustomKeyStoreInvalidStateException.class,
                () -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).keyStorePassword(rightPassword)));
        expectError(CustomKeyStoreInvalidStateException.class,
                () -> kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).newCustomKeyStoreName("renamed-while-failed")));
        CustomKeyStoresListEntry stillFailed = describe(FAILED_CONNECT, id);
        assertThat(stillFailed.connectionState()).isEqualTo(ConnectionStateType.FAILED);
        assertThat(stillFailed.connectionErrorCode()).isEqualTo(ConnectionErrorCodeType.INVALID_CREDENTIALS);
        assertThat(stillFailed.customKeyStoreName()).isEqualTo("failing");

        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        CustomKeyStoresListEntry disconnected = describe(FAILED_CONNECT, id);
        assertThat(disconnected.connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);
        assertThat(disconnected.connectionErrorCode()).isNull();
        assertThat(raw().call(FAILED_CONNECT, "DescribeCustomKeyStores", "{}").body())
                .doesNotContain("ConnectionErrorCode");

        kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).keyStorePassword(rightPassword));
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(awaitConnectOutcome(FAILED_CONNECT, id, ConnectionStateType.CONNECTED).connectionErrorCode()).isNull();
    }

    @Test
    void reconnectingAfterADisconnectUsesThePasswordKeyholdRotated() throws Exception {
        String password = "reconnect-pw-" + next();
        setKmsUserPassword(password);
        KmsClient kms = kms(RECONNECT);
        String id = createCloudHsmStore(RECONNECT, "reconnecting", password);

        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        awaitConnectOutcome(RECONNECT, id, ConnectionStateType.CONNECTED);
        ConnectionFailedException oldPasswordRejected = catchThrowableOfType(ConnectionFailedException.class,
                () -> cluster(LOCAL_CLUSTER).loginAndRotate(password));
        assertThat(oldPasswordRejected).as("connecting rotated kmsuser's password").isNotNull();
        assertThat(oldPasswordRejected.errorCode()).isEqualTo(ConnectionErrorCode.INVALID_CREDENTIALS);

        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        assertThat(describe(RECONNECT, id).connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);

        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        awaitConnectOutcome(RECONNECT, id, ConnectionStateType.CONNECTED);

        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(id));
        awaitConnectOutcome(RECONNECT, id, ConnectionStateType.CONNECTED);
        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        kms.deleteCustomKeyStore(r -> r.customKeyStoreId(id));
    }
}
