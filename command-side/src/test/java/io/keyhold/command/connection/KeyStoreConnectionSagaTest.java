package io.keyhold.command.connection;

import static io.keyhold.command.testsupport.KeyStoreTestData.ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.ATTEMPT;
import static io.keyhold.command.testsupport.KeyStoreTestData.INITIAL_REF;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_ATTEMPT;
import static io.keyhold.command.testsupport.KeyStoreTestData.PASSWORD;
import static io.keyhold.command.testsupport.KeyStoreTestData.SECRET_ACCESS_KEY;
import static io.keyhold.command.testsupport.KeyStoreTestData.STORE_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.cloudHsmCreated;
import static io.keyhold.command.testsupport.KeyStoreTestData.created;
import static io.keyhold.command.testsupport.KeyStoreTestData.target;
import static io.keyhold.command.testsupport.KeyStoreTestData.xksCreated;
import static io.keyhold.command.testsupport.KeyStoreTestData.PUBLIC_XKS;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyhold.api.keystore.CompleteKeyStoreConnectionCommand;
import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.FailKeyStoreConnectionCommand;
import io.keyhold.api.keystore.KeyStoreConnected;
import io.keyhold.api.keystore.KeyStoreConnecting;
import io.keyhold.api.keystore.KeyStoreConnectionFailed;
import io.keyhold.api.keystore.KeyStoreCredentialUpdated;
import io.keyhold.api.keystore.KeyStoreDisconnected;
import io.keyhold.api.keystore.KeyStoreHealth;
import io.keyhold.api.keystore.KmsUserCredentialRotated;
import io.keyhold.api.keystore.RecordKeyStoreHealthCommand;
import io.keyhold.api.keystore.Secret;
import io.keyhold.api.keystore.XksProxyConfigurationChanged;
import io.keyhold.api.keystore.XksProxySettings;
import io.keyhold.command.testsupport.FakeConnector;
import io.keyhold.command.testsupport.RecordingExecutor;
import io.keyhold.command.testsupport.RecordingSecretStore;
import io.keyhold.connector.ConnectorSessions;
import io.keyhold.connector.HealthReport;

import java.time.Duration;
import java.util.List;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.test.saga.SagaTestFixture;
import org.axonframework.test.utils.RecordingCommandBus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * KeyStoreConnectionSaga with a real ConnectionAttempts: its executor holds the attempt until the
 * test runs it, and the attempt's outcome command goes to a separate recording bus.
 */
class KeyStoreConnectionSagaTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Duration HEALTH_CHECK_INTERVAL = Duration.ofMinutes(4);
    private static final String ATTEMPT_KEY = "attemptId";

    private SagaTestFixture<KeyStoreConnectionSaga> fixture;
    private RecordingExecutor executor;
    private RecordingSecretStore secrets;
    private RecordingCommandBus outcomes;
    private FakeConnector hsmConnector;
    private FakeConnector xksConnector;

    @BeforeEach
    void setUp() {
        executor = new RecordingExecutor();
        outcomes = new RecordingCommandBus();
        hsmConnector = new FakeConnector(CustomKeyStoreType.AWS_CLOUDHSM).rotatingTo("rotated-Passw0rd");
        xksConnector = new FakeConnector(CustomKeyStoreType.EXTERNAL_KEY_STORE);
        secrets = new RecordingSecretStore().preload(INITIAL_REF, STORE_ID, PASSWORD);
        ConnectionAttempts attempts = new ConnectionAttempts(new ConnectorSessions(List.of(hsmConnector, xksConnector)),
                secrets, DefaultCommandGateway.builder().commandBus(outcomes).build(), executor, TIMEOUT, HEALTH_CHECK_INTERVAL);
        fixture = new SagaTestFixture<>(KeyStoreConnectionSaga.class);
        fixture.registerResource(attempts);
    }

    private static KeyStoreConnecting connecting(CustomKeyStoreType type) {
        return new KeyStoreConnecting(STORE_ID, ACCOUNT, ATTEMPT, target(created(type)));
    }

    private List<Object> outcomePayloads() {
        return outcomes.getDispatchedCommands().stream().map(CommandMessage::getPayload).map(Object.class::cast).toList();
    }

    // start

    @Test
    void keyStoreConnectingStartsTheSagaSchedulesTheConnectDeadlineAndStartsTheAttempt() {
        fixture.givenNoPriorActivity()
                .whenAggregate(STORE_ID).publishes(connecting(CustomKeyStoreType.AWS_CLOUDHSM))
                .expectActiveSagas(1)
                .expectAssociationWith(ATTEMPT_KEY, ATTEMPT)
                .expectScheduledDeadlineWithName(TIMEOUT, KeyStoreConnectionSaga.CONNECT_DEADLINE)
                .expectNoDispatchedCommands();
        // the attempt is handed to the executor (after the unit of work commits), not run inline
        assertThat(executor.submitted()).isEqualTo(1);
        assertThat(hsmConnector.opened()).isEmpty();

        executor.runAll();

        ConnectionTarget target = target(cloudHsmCreated());
        assertThat(hsmConnector.opened()).singleElement().satisfies(opened -> {
            assertThat(opened.target()).isEqualTo(target);
            assertThat(opened.credential()).isEqualTo(PASSWORD);
        });
        assertThat(outcomePayloads()).containsExactly(
                new CompleteKeyStoreConnectionCommand(STORE_ID, ATTEMPT, new Secret("rotated-Passw0rd")));
    }

    @Test
    void aSuccessfulXksAttemptCompletesWithoutARotatedCredential() {
        RecordingSecretStore secrets = new RecordingSecretStore().preload(INITIAL_REF, STORE_ID, SECRET_ACCESS_KEY);
        fixture = new SagaTestFixture<>(KeyStoreConnectionSaga.class);
        fixture.registerResource(new ConnectionAttempts(new ConnectorSessions(List.of(hsmConnector, xksConnector)),
                secrets, DefaultCommandGateway.builder().commandBus(outcomes).build(), executor, TIMEOUT, HEALTH_CHECK_INTERVAL));
        fixture.givenNoPriorActivity()
                .whenAggregate(STORE_ID).publishes(connecting(CustomKeyStoreType.EXTERNAL_KEY_STORE))
                .expectActiveSagas(1);
        executor.runAll();
        assertThat(xksConnector.opened()).singleElement()
                .satisfies(opened -> assertThat(opened.credential()).isEqualTo(SECRET_ACCESS_KEY));
        assertThat(outcomePayloads()).containsExactly(new CompleteKeyStoreConnectionCommand(STORE_ID, ATTEMPT, null));
    }

    @Test
    void aFailedAttemptReportsTheConnectorsErrorCode() {
        hsmConnector.failingWith(ConnectionErrorCode.USER_LOCKED_OUT);
        fixture.givenNoPriorActivity()
                .whenAggregate(STORE_ID).publishes(connecting(CustomKeyStoreType.AWS_CLOUDHSM))
                .expectActiveSagas(1);
        executor.runAll();
        assertThat(outcomePayloads()).containsExactly(
                new FailKeyStoreConnectionCommand(STORE_ID, ATTEMPT, ConnectionErrorCode.USER_LOCKED_OUT));
    }

    @Test
    void anAttemptThatCrashesReportsInternalError() {
        hsmConnector.crashingWith(new IllegalStateException("boom"));
        fixture.givenNoPriorActivity()
                .whenAggregate(STORE_ID).publishes(connecting(CustomKeyStoreType.AWS_CLOUDHSM))
                .expectActiveSagas(1);
        executor.runAll();
        assertThat(outcomePayloads()).containsExactly(
                new FailKeyStoreConnectionCommand(STORE_ID, ATTEMPT, ConnectionErrorCode.INTERNAL_ERROR));
    }

    // outcome events

    @Test
    void keyStoreConnectedCancelsTheConnectDeadlineSchedulesAHealthCheckAndKeepsTheSagaActive() {
        fixture.givenAggregate(STORE_ID).published(connecting(CustomKeyStoreType.AWS_CLOUDHSM))
                .whenAggregate(STORE_ID).publishes(new KeyStoreConnected(STORE_ID, ACCOUNT, ATTEMPT))
                .expectActiveSagas(1)
                .expectAssociationWith(ATTEMPT_KEY, ATTEMPT)
                .expectNoScheduledDeadlineWithName(TIMEOUT, KeyStoreConnectionSaga.CONNECT_DEADLINE)
                .expectScheduledDeadlineWithName(HEALTH_CHECK_INTERVAL, KeyStoreConnectionSaga.HEALTH_CHECK_DEADLINE)
                .expectNoDispatchedCommands();
    }

    @Test
    void eachHealthCheckRunsOffThreadReportsTheHealthAndSchedulesTheNext() {
        xksConnector.reportingHealth(new HealthReport(KeyStoreHealth.DEGRADED, null));
        fixture.givenAggregate(STORE_ID).published(connecting(CustomKeyStoreType.EXTERNAL_KEY_STORE),
                        new KeyStoreConnected(STORE_ID, ACCOUNT, ATTEMPT))
                .whenTimeElapses(HEALTH_CHECK_INTERVAL)
                .expectTriggeredDeadlinesWithName(KeyStoreConnectionSaga.HEALTH_CHECK_DEADLINE)
                .expectScheduledDeadlineWithName(HEALTH_CHECK_INTERVAL, KeyStoreConnectionSaga.HEALTH_CHECK_DEADLINE)
                .expectNoDispatchedCommands();
        executor.runAll();
        assertThat(outcomePayloads()).contains(
                new RecordKeyStoreHealthCommand(STORE_ID, ATTEMPT, KeyStoreHealth.DEGRADED, null));
    }

    @Test
    void healthChecksUseTheCredentialAndProxySettingsInForceNow() {
        XksProxySettings moved = new XksProxySettings(PUBLIC_XKS.uriEndpoint(), "/moved/kms/xks/v1",
                PUBLIC_XKS.connectivity(), null, null, PUBLIC_XKS.accessKeyId());
        secrets.preload("ref-new", STORE_ID, "new-secret-access-key");
        fixture.givenAggregate(STORE_ID).published(connecting(CustomKeyStoreType.EXTERNAL_KEY_STORE),
                        new KeyStoreConnected(STORE_ID, ACCOUNT, ATTEMPT),
                        new KeyStoreCredentialUpdated(STORE_ID, ACCOUNT, "ref-new"),
                        new XksProxyConfigurationChanged(STORE_ID, ACCOUNT, moved))
                .whenTimeElapses(HEALTH_CHECK_INTERVAL)
                .expectTriggeredDeadlinesWithName(KeyStoreConnectionSaga.HEALTH_CHECK_DEADLINE);
        executor.runAll();
        assertThat(xksConnector.healthChecks()).singleElement().satisfies(check -> {
            assertThat(check.credential()).isEqualTo("new-secret-access-key");
            assertThat(check.target().xksProxy()).isEqualTo(moved);
            assertThat(check.target().credentialRef()).isEqualTo("ref-new");
        });
    }

    @Test
    void healthChecksUseTheKmsUserPasswordTheConnectRotatedTo() {
        secrets.preload("ref-rotated", STORE_ID, "rotated-Passw0rd");
        fixture.givenAggregate(STORE_ID).published(connecting(CustomKeyStoreType.AWS_CLOUDHSM),
                        new KmsUserCredentialRotated(STORE_ID, ACCOUNT, "ref-rotated"),
                        new KeyStoreConnected(STORE_ID, ACCOUNT, ATTEMPT))
                .whenTimeElapses(HEALTH_CHECK_INTERVAL)
                .expectTriggeredDeadlinesWithName(KeyStoreConnectionSaga.HEALTH_CHECK_DEADLINE);
        executor.runAll();
        assertThat(hsmConnector.healthChecks()).singleElement()
                .satisfies(check -> assertThat(check.credential()).isEqualTo("rotated-Passw0rd"));
    }

    @Test
    void keyStoreDisconnectedStopsTheHealthChecks() {
        fixture.givenAggregate(STORE_ID).published(connecting(CustomKeyStoreType.EXTERNAL_KEY_STORE),
                        new KeyStoreConnected(STORE_ID, ACCOUNT, ATTEMPT))
                .whenAggregate(STORE_ID).publishes(new KeyStoreDisconnected(STORE_ID, ACCOUNT, ATTEMPT))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void keyStoreConnectionFailedEndsTheSaga() {
        fixture.givenAggregate(STORE_ID).published(connecting(CustomKeyStoreType.AWS_CLOUDHSM))
                .whenAggregate(STORE_ID).publishes(new KeyStoreConnectionFailed(STORE_ID, ACCOUNT, ATTEMPT,
                        ConnectionErrorCode.INVALID_CREDENTIALS))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void keyStoreDisconnectedEndsTheSagaAndClosesTheSession() {
        var given = fixture.givenAggregate(STORE_ID).published(connecting(CustomKeyStoreType.AWS_CLOUDHSM));
        executor.runAll();
        FakeConnector.FakeSession session = hsmConnector.opened().get(0).session();
        given.andThenAggregate(STORE_ID).published(new KeyStoreConnected(STORE_ID, ACCOUNT, ATTEMPT))
                .whenAggregate(STORE_ID).publishes(new KeyStoreDisconnected(STORE_ID, ACCOUNT, ATTEMPT))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
        assertThat(session.timesClosed()).isEqualTo(1);
    }

    @Test
    void keyStoreDisconnectedWhileConnectingCancelsTheDeadlineAndEndsTheSaga() {
        fixture.givenAggregate(STORE_ID).published(connecting(CustomKeyStoreType.EXTERNAL_KEY_STORE))
                .whenAggregate(STORE_ID).publishes(new KeyStoreDisconnected(STORE_ID, ACCOUNT, ATTEMPT))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }

    @Test
    void eventsOfAnotherAttemptDoNotTouchTheSaga() {
        fixture.givenAggregate(STORE_ID).published(connecting(CustomKeyStoreType.AWS_CLOUDHSM))
                .whenAggregate(STORE_ID).publishes(new KeyStoreConnected(STORE_ID, ACCOUNT, OTHER_ATTEMPT))
                .expectActiveSagas(1)
                .expectScheduledDeadlineWithName(TIMEOUT, KeyStoreConnectionSaga.CONNECT_DEADLINE);
    }

    @Test
    void aNewAttemptAfterAFailureStartsANewSaga() {
        fixture.givenAggregate(STORE_ID).published(connecting(CustomKeyStoreType.AWS_CLOUDHSM),
                        new KeyStoreConnectionFailed(STORE_ID, ACCOUNT, ATTEMPT, ConnectionErrorCode.NETWORK_ERRORS),
                        new KeyStoreDisconnected(STORE_ID, ACCOUNT, ATTEMPT))
                .whenAggregate(STORE_ID).publishes(new KeyStoreConnecting(STORE_ID, ACCOUNT, OTHER_ATTEMPT,
                        target(xksCreated(PUBLIC_XKS))))
                .expectActiveSagas(1)
                .expectAssociationWith(ATTEMPT_KEY, OTHER_ATTEMPT)
                .expectNoAssociationWith(ATTEMPT_KEY, ATTEMPT)
                .expectScheduledDeadlineWithName(TIMEOUT, KeyStoreConnectionSaga.CONNECT_DEADLINE);
    }

    // the connect deadline

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"AWS_CLOUDHSM, NETWORK_ERRORS", "EXTERNAL_KEY_STORE, XKS_PROXY_TIMED_OUT"})
    void whenTheTimeoutPassesTheDeadlineFailsTheAttempt(CustomKeyStoreType type, ConnectionErrorCode code) {
        fixture.givenAggregate(STORE_ID).published(connecting(type))
                .whenTimeElapses(TIMEOUT)
                .expectTriggeredDeadlinesWithName(KeyStoreConnectionSaga.CONNECT_DEADLINE)
                .expectDispatchedCommands(new FailKeyStoreConnectionCommand(STORE_ID, ATTEMPT, code))
                .expectNoScheduledDeadlines()
                // the saga ends when the resulting KeyStoreConnectionFailed arrives
                .expectActiveSagas(1);
    }

    @Test
    void theDeadlineDoesNotFireBeforeTheTimeout() {
        fixture.givenAggregate(STORE_ID).published(connecting(CustomKeyStoreType.AWS_CLOUDHSM))
                .whenTimeElapses(TIMEOUT.minusSeconds(1))
                .expectTriggeredDeadlinesWithName()
                .expectNoDispatchedCommands()
                .expectScheduledDeadlineWithName(Duration.ofSeconds(1), KeyStoreConnectionSaga.CONNECT_DEADLINE);
    }

    @Test
    void afterKeyStoreConnectedTheDeadlineNoLongerFires() {
        fixture.givenAggregate(STORE_ID).published(connecting(CustomKeyStoreType.EXTERNAL_KEY_STORE),
                        new KeyStoreConnected(STORE_ID, ACCOUNT, ATTEMPT))
                .whenTimeElapses(TIMEOUT.plusSeconds(1))
                .expectTriggeredDeadlinesWithName(KeyStoreConnectionSaga.HEALTH_CHECK_DEADLINE)
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }

    @Test
    void theFailedAttemptAfterTheDeadlineEndsTheSaga() throws Exception {
        fixture.givenAggregate(STORE_ID).published(connecting(CustomKeyStoreType.AWS_CLOUDHSM))
                .andThenTimeElapses(TIMEOUT)
                .whenAggregate(STORE_ID).publishes(new KeyStoreConnectionFailed(STORE_ID, ACCOUNT, ATTEMPT,
                        ConnectionErrorCode.NETWORK_ERRORS))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines()
                .expectNoDispatchedCommands();
    }
}
