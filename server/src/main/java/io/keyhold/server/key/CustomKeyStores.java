package io.keyhold.server.key;

import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.api.keystore.CustomKeyStorePage;
import io.keyhold.api.keystore.CustomKeyStoreSummary;
import io.keyhold.api.keystore.FetchCustomKeyStoresQuery;
import io.keyhold.server.identity.Caller;

import java.util.Optional;

import org.axonframework.queryhandling.QueryGateway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Custom key stores as the store view shows them, read fresh. */
@Component
public class CustomKeyStores {

    private final QueryGateway queries;
    private final JdbcClient jdbc;

    public CustomKeyStores(QueryGateway queries, JdbcClient jdbc) {
        this.queries = queries;
        this.jdbc = jdbc;
    }

    /** Fails with CustomKeyStoreNotFoundException for a store the caller's account does not have. */
    public CustomKeyStoreSummary find(Caller caller, String storeId) {
        return queries.query(new FetchCustomKeyStoresQuery(caller.accountId(), storeId, null, 1, null),
                CustomKeyStorePage.class).join().customKeyStores().get(0);
    }

    /** A store's projected connection state, whatever its account; empty once it is deleted. */
    public Optional<ConnectionState> connectionState(String storeId) {
        return jdbc.sql("select connection_state from custom_key_store_view where custom_key_store_id = ?")
                .param(storeId)
                .query(String.class)
                .optional()
                .map(ConnectionState::valueOf);
    }
}
