package io.keyhold.command.testsupport;

import static io.keyhold.command.testsupport.KeyStoreTestData.ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.ATTEMPT;
import static io.keyhold.command.testsupport.KeyStoreTestData.STORE_ID;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.axonframework.test.matchers.Matchers.predicate;
import static org.hamcrest.Matchers.allOf;

import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.KeyStoreConnecting;

import java.util.List;
import java.util.UUID;

import org.axonframework.messaging.Message;
import org.hamcrest.Matcher;

/** Matchers for events whose content is not fully known in advance. */
public final class KeyStoreMatchers {

    private KeyStoreMatchers() {
    }

    /**
     * Exactly one event: KeyStoreConnecting of {@link KeyStoreTestData#STORE_ID} for {@code target},
     * with a fresh attempt id (a random UUID, not the id of the given history's attempt).
     */
    public static Matcher<List<Message<?>>> onlyConnectingTo(ConnectionTarget target) {
        KeyStoreConnecting expected = new KeyStoreConnecting(STORE_ID, ACCOUNT, "<a fresh UUID>", target);
        Matcher<KeyStoreConnecting> connecting = allOf(
                predicate(event -> new KeyStoreConnecting(event.customKeyStoreId(), event.accountId(),
                        expected.attemptId(), event.target()).equals(expected)),
                predicate(event -> isUuid(event.attemptId()) && !event.attemptId().equals(ATTEMPT)));
        return payloadsMatching(exactSequenceOf(connecting, andNoMore()));
    }

    private static boolean isUuid(String value) {
        try {
            return UUID.fromString(value).toString().equals(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
