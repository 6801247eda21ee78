package io.keyhold.command.key;

import static io.keyhold.command.testsupport.KeyStoreTestData.ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.STORE_ID;

import io.keyhold.command.testsupport.InMemoryKmsKeyLookup;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;

/**
 * An AggregateTestFixture for KmsKey: an in-memory key lookup that knows the test store, the
 * fixture's stub deadline manager, and the interceptor that answers commands for missing keys.
 */
abstract class KmsKeyFixtureSupport {

    protected AggregateTestFixture<KmsKey> fixture;
    protected InMemoryKmsKeyLookup lookup;

    @BeforeEach
    void setUpFixture() {
        lookup = new InMemoryKmsKeyLookup().store(ACCOUNT, STORE_ID);
        fixture = new AggregateTestFixture<>(KmsKey.class);
        fixture.registerInjectableResource(lookup);
        fixture.registerCommandHandlerInterceptor(new MissingKmsKeyInterceptor(fixture.getEventStore()));
    }
}
