package io.keyhold.server.keystore;

import static io.keyhold.server.testsupport.KmsErrors.expectError;
import static io.keyhold.server.testsupport.KmsErrors.expectUnmodeledError;
import static io.keyhold.server.keystore.TestAccount.PAGES_FILTERS;
import static io.keyhold.server.keystore.TestAccount.PAGES_LIMITS;
import static io.keyhold.server.keystore.TestAccount.PAGES_LIMIT_ONE;
import static io.keyhold.server.keystore.TestAccount.PAGES_MARKER_OWNER;
import static io.keyhold.server.keystore.TestAccount.PAGES_MARKER_THIEF;
import static io.keyhold.server.keystore.TestAccount.PAGES_PAGINATOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CustomKeyStoreNotFoundException;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;
import software.amazon.awssdk.services.kms.model.DescribeCustomKeyStoresResponse;
import software.amazon.awssdk.services.kms.model.InvalidMarkerException;
import software.amazon.awssdk.services.kms.model.KmsException;

/** DescribeCustomKeyStores: Limit, Marker/NextMarker/Truncated, the SDK paginator and the filters. */
class DescribeCustomKeyStoresPaginationTest extends KeyholdEndToEndTest {

    /** One CloudHSM and three external key stores, in creation order. */
    private List<String> createFourStores(TestAccount account) {
        List<String> ids = new ArrayList<>();
        ids.add(createCloudHsmStore(account, "hsm-store", INITIAL_KMSUSER_PASSWORD));
        for (int i = 1; i <= 3; i++) {
            ids.add(createPublicXksStore(account, "xks-store-" + i, uniqueEndpoint("pages"), XKS_PATH));
        }
        return ids;
    }

    @Test
    void limitOfOnePagesThroughEveryStoreInCreationOrder() {
        List<String> created = createFourStores(PAGES_LIMIT_ONE);
        KmsClient kms = kms(PAGES_LIMIT_ONE);

        for (int round = 0; round < 2; round++) {
            List<String> seen = new ArrayList<>();
            String marker = null;
            for (int page = 1; page <= created.size(); page++) {
                String from = marker;
                DescribeCustomKeyStoresResponse response = kms.describeCustomKeyStores(r -> r.limit(1).marker(from));
                assertThat(response.customKeyStores()).hasSize(1);
                seen.add(response.customKeyStores().get(0).customKeyStoreId());
                if (page < created.size()) {
                    assertThat(response.truncated()).isTrue();
                    assertThat(response.nextMarker()).isNotBlank();
                } else {
                    assertThat(response.truncated()).isFalse();
                    assertThat(response.nextMarker()).isNull();
                }
                marker = response.nextMarker();
            }
            assertThat(seen).as("round %d", round).containsExactlyElementsOf(created);
        }
    }

    @Test
    void pagesHoldAtMostLimitStoresAndAnUnlimitedCallReturnsAllAtOnce() {
        List<String> created = createFourStores(PAGES_LIMITS);
        KmsClient kms = kms(PAGES_LIMITS);

        DescribeCustomKeyStoresResponse first = kms.describeCustomKeyStores(r -> r.limit(3));
        assertThat(ids(first.customKeyStores())).containsExactlyElementsOf(created.subList(0, 3));
        assertThat(first.truncated()).isTrue();
        DescribeCustomKeyStoresResponse second = kms.describeCustomKeyStores(r -> r.limit(3).marker(first.nextMarker()));
        assertThat(ids(second.customKeyStores())).containsExactly(created.get(3));
        assertThat(second.truncated()).isFalse();
        assertThat(second.nextMarker()).isNull();

        DescribeCustomKeyStoresResponse exact = kms.describeCustomKeyStores(r -> r.limit(4));
        assertThat(ids(exact.customKeyStores())).containsExactlyElementsOf(created);
        assertThat(exact.truncated()).isFalse();
        assertThat(exact.nextMarker()).isNull();

        DescribeCustomKeyStoresResponse all = kms.describeCustomKeyStores(r -> { });
        assertThat(ids(all.customKeyStores())).containsExactlyElementsOf(created);
        assertThat(all.truncated()).isFalse();
        assertThat(all.nextMarker()).isNull();
    }

    @Test
    void sdkPaginatorYieldsEveryStoreExactlyOnce() {
        List<String> created = createFourStores(PAGES_PAGINATOR);
        KmsClient kms = kms(PAGES_PAGINATOR);

        List<String> paged = ids(kms.describeCustomKeyStoresPaginator(r -> r.limit(1)).customKeyStores());
        assertThat(paged).containsExactlyElementsOf(created);
        assertThat(kms.describeCustomKeyStoresPaginator(r -> r.limit(1)).stream()).hasSize(4);
        assertThat(kms.describeCustomKeyStoresPaginator(r -> r.limit(3)).stream()).hasSize(2);
        assertThat(ids(kms.describeCustomKeyStoresPaginator(r -> r.limit(3)).customKeyStores()))
                .containsExactlyElementsOf(created);
    }

    @Test
    void tamperedForeignAndMadeUpMarkersAreRejected() {
        TestAccount owner = PAGES_MARKER_OWNER;
        createPublicXksStore(owner, "first", uniqueEndpoint("marker"), XKS_PATH);
        createPublicXksStore(owner, "second", uniqueEndpoint("marker"), XKS_PATH);
        String marker = kms(owner).describeCustomKeyStores(r -> r.limit(1)).nextMarker();
        assertThat(marker).isNotBlank();
        assertThat(kms(owner).describeCustomKeyStores(r -> r.limit(1).marker(marker)).customKeyStores())
                .extracting(CustomKeyStoresListEntry::customKeyStoreName).containsExactly("second");

        String tampered = (marker.charAt(0) == 'A' ? "B" : "A") + marker.substring(1);
        expectError(InvalidMarkerException.class,
                () -> kms(owner).describeCustomKeyStores(r -> r.limit(1).marker(tampered)));
        expectError(InvalidMarkerException.class,
                () -> kms(owner).describeCustomKeyStores(r -> r.limit(1).marker(marker + "x")));
        expectError(InvalidMarkerException.class,
                () -> kms(owner).describeCustomKeyStores(r -> r.marker("not-a-marker-keyhold-issued")));
        expectError(InvalidMarkerException.class,
                () -> kms(PAGES_MARKER_THIEF).describeCustomKeyStores(r -> r.limit(1).marker(marker)));
    }

    @Test
    void filtersSelectOneStoreAndAFilterMatchingNothingIsNotFound() {
        TestAccount account = PAGES_FILTERS;
        KmsClient kms = kms(account);
        String id = createPublicXksStore(account, "filtered", uniqueEndpoint("filters"), XKS_PATH);

        assertThat(ids(kms.describeCustomKeyStores(r -> r.customKeyStoreId(id)).customKeyStores())).containsExactly(id);
        DescribeCustomKeyStoresResponse byName = kms.describeCustomKeyStores(r -> r.customKeyStoreName("filtered"));
        assertThat(ids(byName.customKeyStores())).containsExactly(id);
        assertThat(byName.truncated()).isFalse();
        assertThat(byName.nextMarker()).isNull();

        KmsException both = expectUnmodeledError("ValidationException",
                () -> kms.describeCustomKeyStores(r -> r.customKeyStoreId(id).customKeyStoreName("filtered")));
        assertThat(both.awsErrorDetails().errorMessage()).contains("CustomKeyStoreId").contains("CustomKeyStoreName");

        expectError(CustomKeyStoreNotFoundException.class,
                () -> kms.describeCustomKeyStores(r -> r.customKeyStoreName("no-store-has-this-name")));
        expectError(CustomKeyStoreNotFoundException.class,
                () -> kms.describeCustomKeyStores(r -> r.customKeyStoreName("FILTERED")));
        expectError(CustomKeyStoreNotFoundException.class,
                () -> kms.describeCustomKeyStores(r -> r.customKeyStoreId("cks-00000000000000000")));
    }

    private static List<String> ids(Iterable<CustomKeyStoresListEntry> entries) {
        List<String> ids = new ArrayList<>();
        entries.forEach(entry -> ids.add(entry.customKeyStoreId()));
        return ids;
    }
}
