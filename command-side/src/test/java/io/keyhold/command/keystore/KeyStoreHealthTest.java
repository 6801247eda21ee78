package io.keyhold.command.keystore;

import static io.keyhold.command.testsupport.KeyStoreTestData.ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.ATTEMPT;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_ATTEMPT;
import static io.keyhold.command.testsupport.KeyStoreTestData.PUBLIC_XKS;
import static io.keyhold.command.testsupport.KeyStoreTestData.STORE_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.historyIn;
import static io.keyhold.command.testsupport.KeyStoreTestData.xksCreated;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.api.keystore.KeyStoreHealth;
import io.keyhold.api.keystore.KeyStoreHealthChanged;
import io.keyhold.api.keystore.RecordKeyStoreHealthCommand;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Periodic health checks are recorded only when the health of a connection changes, and never change its state. */
class KeyStoreHealthTest extends CustomKeyStoreFixtureSupport {

    private static List<Object> connected(Object... more) {
        List<Object> events = new ArrayList<>(historyIn(xksCreated(PUBLIC_XKS), ConnectionState.CONNECTED));
        events.addAll(List.of(more));
        return events;
    }

    @Test
    void aHealthyCheckOfAFreshConnectionRecordsNothing() {
        fixture.given(connected())
                .when(new RecordKeyStoreHealthCommand(STORE_ID, ATTEMPT, KeyStoreHealth.HEALTHY, null))
                .expectNoEvents();
    }

    @Test
    void aChangedHealthIsRecorded() {
        fixture.given(connected())
                .when(new RecordKeyStoreHealthCommand(STORE_ID, ATTEMPT, KeyStoreHealth.UNREACHABLE,
                        ConnectionErrorCode.XKS_PROXY_TIMED_OUT))
                .expectEvents(new KeyStoreHealthChanged(STORE_ID, ACCOUNT, ATTEMPT, KeyStoreHealth.UNREACHABLE,
                        ConnectionErrorCode.XKS_PROXY_TIMED_OUT));
    }

    @Test
    void theSameHealthAgainRecordsNothing() {
        fixture.given(connected(new KeyStoreHealthChanged(STORE_ID, ACCOUNT, ATTEMPT, KeyStoreHealth.DEGRADED, null)))
                .when(new RecordKeyStoreHealthCommand(STORE_ID, ATTEMPT, KeyStoreHealth.DEGRADED, null))
                .expectNoEvents();
    }

    @Test
    void recoveryIsRecorded() {
        fixture.given(connected(new KeyStoreHealthChanged(STORE_ID, ACCOUNT, ATTEMPT, KeyStoreHealth.UNAVAILABLE, null)))
                .when(new RecordKeyStoreHealthCommand(STORE_ID, ATTEMPT, KeyStoreHealth.HEALTHY, null))
                .expectEvents(new KeyStoreHealthChanged(STORE_ID, ACCOUNT, ATTEMPT, KeyStoreHealth.HEALTHY, null));
    }

    @Test
    void aCheckOfAnEarlierConnectionIsIgnored() {
        fixture.given(connected())
                .when(new RecordKeyStoreHealthCommand(STORE_ID, OTHER_ATTEMPT, KeyStoreHealth.UNAVAILABLE, null))
                .expectNoEvents();
    }

    @Test
    void aCheckAfterTheStoreDisconnectedIsIgnored() {
        fixture.given(historyIn(xksCreated(PUBLIC_XKS), ConnectionState.DISCONNECTED))
                .when(new RecordKeyStoreHealthCommand(STORE_ID, ATTEMPT, KeyStoreHealth.UNAVAILABLE, null))
                .expectNoEvents();
    }
}
