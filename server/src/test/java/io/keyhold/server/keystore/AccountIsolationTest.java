package io.keyhold.server.keystore;

import static io.keyhold.server.testsupport.KmsErrors.expectError;
import static io.keyhold.server.keystore.TestAccount.ISOLATION_INTRUDER;
import static io.keyhold.server.keystore.TestAccount.ISOLATION_OWNER;
import static io.keyhold.server.keystore.TestAccount.NAME_TWIN_A;
import static io.keyhold.server.keystore.TestAccount.NAME_TWIN_B;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreNotFoundException;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

/** Custom key stores belong to one account: no other account can see or touch them. */
class AccountIsolationTest extends KeyholdEndToEndTest {

    private static final String MISSING_ID = "cks-0123456789abcdef0";

    @Test
    void anotherAccountsStoreLooksExactlyLikeAMissingOne() {
        String id = createCloudHsmStore(ISOLATION_OWNER, "owned", INITIAL_KMSUSER_PASSWORD);
        KmsClient intruder = kms(ISOLATION_INTRUDER);

        assertSameAsMissing(id, storeId -> () -> intruder.describeCustomKeyStores(r -> r.customKeyStoreId(storeId)));
        assertSameAsMissing(id, storeId -> () -> intruder.connectCustomKeyStore(r -> r.customKeyStoreId(storeId)));
        assertSameAsMissing(id, storeId -> () -> intruder.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId)));
        assertSameAsMissing(id, storeId -> () -> intruder.updateCustomKeyStore(
                r -> r.customKeyStoreId(storeId).newCustomKeyStoreName("stolen")));
        assertSameAsMissing(id, storeId -> () -> intruder.deleteCustomKeyStore(r -> r.customKeyStoreId(storeId)));
        expectError(CustomKeyStoreNotFoundException.class,
                () -> intruder.describeCustomKeyStores(r -> r.customKeyStoreName("owned")));
        assertThat(intruder.describeCustomKeyStores(r -> { }).customKeyStores()).isEmpty();

        CustomKeyStoresListEntry untouched = describe(ISOLATION_OWNER, id);
        assertThat(untouched.customKeyStoreName()).isEqualTo("owned");
        assertThat(untouched.connectionState()).isEqualTo(ConnectionStateType.DISCONNECTED);
        assertThat(kms(ISOLATION_OWNER).describeCustomKeyStores(r -> { }).customKeyStores())
                .extracting(CustomKeyStoresListEntry::customKeyStoreId).containsExactly(id);
    }

    @Test
    void theSameStoreNameMayExistInTwoAccounts() {
        String a = createPublicXksStore(NAME_TWIN_A, "twin", uniqueEndpoint("twin"), XKS_PATH);
        String b = createCloudHsmStore(NAME_TWIN_B, "twin", INITIAL_KMSUSER_PASSWORD);
        assertThat(a).isNotEqualTo(b);

        assertThat(kms(NAME_TWIN_A).describeCustomKeyStores(r -> r.customKeyStoreName("twin")).customKeyStores())
                .extracting(CustomKeyStoresListEntry::customKeyStoreId).containsExactly(a);
        assertThat(kms(NAME_TWIN_B).describeCustomKeyStores(r -> r.customKeyStoreName("twin")).customKeyStores())
                .extracting(CustomKeyStoresListEntry::customKeyStoreId).containsExactly(b);

        kms(NAME_TWIN_A).deleteCustomKeyStore(r -> r.customKeyStoreId(a));
        assertThat(describe(NAME_TWIN_B, b).customKeyStoreName()).isEqualTo("twin");
    }

    /** The foreign id gets the error a missing id gets: same class, code, status, and message but for the id. */
    private static void assertSameAsMissing(String foreignId, Function<String, ThrowingCallable> call) {
        CustomKeyStoreNotFoundException foreign = expectError(CustomKeyStoreNotFoundException.class, call.apply(foreignId));
        CustomKeyStoreNotFoundException missing = expectError(CustomKeyStoreNotFoundException.class, call.apply(MISSING_ID));
        assertThat(foreign.awsErrorDetails().errorMessage().replace(foreignId, "<id>"))
                .isEqualTo(missing.awsErrorDetails().errorMessage().replace(MISSING_ID, "<id>"));
        assertThat(List.of(foreign.statusCode(), foreign.awsErrorDetails().errorCode()))
                .isEqualTo(List.of(missing.statusCode(), missing.awsErrorDetails().errorCode()));
    }
}
