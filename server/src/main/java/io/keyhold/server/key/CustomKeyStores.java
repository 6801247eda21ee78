package io.keyhold.server.key;

import io.keyhold.api.keystore.CustomKeyStorePage;
import io.keyhold.api.keystore.CustomKeyStoreSummary;
import io.keyhold.api.keystore.FetchCustomKeyStoresQuery;
import io.keyhold.server.identity.Caller;

import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

/** One of the caller's custom key stores as DescribeCustomKeyStores shows it, read fresh. */
@Component
public class CustomKeyStores {

    private final QueryGateway queries;

    public CustomKeyStores(QueryGateway queries) {
        this.queries = queries;
    }

    /** Fails with CustomKeyStoreNotFoundException for a store the caller's account does not have. */
    public CustomKeyStoreSummary find(Caller caller, String storeId) {
        return queries.query(new FetchCustomKeyStoresQuery(caller.accountId(), storeId, null, 1, null),
                CustomKeyStorePage.class).join().customKeyStores().get(0);
    }
}
