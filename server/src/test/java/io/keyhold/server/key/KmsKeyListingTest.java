package io.keyhold.server.key;

import static io.keyhold.server.key.KeyAccount.LISTER;
import static io.keyhold.server.key.KeyAccount.STRANGER;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyhold.api.error.AlreadyExistsException;
import io.keyhold.api.error.InvalidMarkerException;
import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.key.AliasIds;
import io.keyhold.api.key.AliasPage;
import io.keyhold.api.key.CreateAliasCommand;
import io.keyhold.api.key.DeleteAliasCommand;
import io.keyhold.api.key.KmsKeyPage;
import io.keyhold.api.key.ListAliasesQuery;
import io.keyhold.api.key.ListKmsKeysQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * ListKeys and ListAliases: the caller's keys oldest first and its aliases by name, one signed,
 * account-bound marker at a time; CreateAlias and DeleteAlias as they change the list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KmsKeyListingTest extends KmsKeyIntegrationTest {

    private final List<String> keys = new ArrayList<>();

    @BeforeAll
    void fiveKeysWithAliases() {
        String storeId = connectedStore(LISTER);
        for (int i = 0; i < 5; i++) {
            keys.add(createKey(LISTER, storeId));
        }
        alias("alias/charlie", keys.get(0));
        alias("alias/alpha", keys.get(1));
        alias("alias/bravo", keys.get(0));
        alias("alias/delta", keys.get(2));
    }

    private void alias(String name, String keyId) {
        commands.sendAndWait(new CreateAliasCommand(AliasIds.of(LISTER.accountId(), name), LISTER.accountId(), name, keyId));
    }

    private KmsKeyPage listKeys(KeyAccount caller, int limit, String marker) {
        return query(new ListKmsKeysQuery(caller.accountId(), limit, marker), KmsKeyPage.class);
    }

    private AliasPage listAliases(String keyId, int limit, String marker) {
        return query(new ListAliasesQuery(LISTER.accountId(), keyId, limit, marker), AliasPage.class);
    }

    private static List<String> names(AliasPage page) {
        return page.aliases().stream().map(AliasPage.Entry::aliasName).toList();
    }

    @Test
    void keysAreListedOldestFirstWithTheirArns() {
        KmsKeyPage page = listKeys(LISTER, 100, null);

        assertThat(page.keys()).extracting(KmsKeyPage.Entry::keyId).containsExactlyElementsOf(keys);
        assertThat(page.keys()).allSatisfy(entry -> assertThat(entry.keyArn()).isEqualTo(LISTER.keyArn(entry.keyId())));
        assertThat(page.truncated()).isFalse();
        assertThat(page.nextMarker()).isNull();
    }

    @Test
    void keysArePagedByMarker() {
        KmsKeyPage first = listKeys(LISTER, 2, null);
        KmsKeyPage second = listKeys(LISTER, 2, first.nextMarker());
        KmsKeyPage third = listKeys(LISTER, 2, second.nextMarker());

        assertThat(first.keys()).extracting(KmsKeyPage.Entry::keyId).containsExactlyElementsOf(keys.subList(0, 2));
        assertThat(first.truncated()).isTrue();
        assertThat(second.keys()).extracting(KmsKeyPage.Entry::keyId).containsExactlyElementsOf(keys.subList(2, 4));
        assertThat(second.truncated()).isTrue();
        assertThat(third.keys()).extracting(KmsKeyPage.Entry::keyId).containsExactlyElementsOf(keys.subList(4, 5));
        assertThat(third.truncated()).isFalse();
        assertThat(third.nextMarker()).isNull();
    }

    @Test
    void anExactlyFullPageIsNotTruncated() {
        KmsKeyPage page = listKeys(LISTER, 5, null);
        assertThat(page.keys()).hasSize(5);
        assertThat(page.truncated()).isFalse();
    }

    @Test
    void anotherAccountListsNoneOfTheseKeys() {
        assertThat(listKeys(STRANGER, 100, null).keys()).extracting(KmsKeyPage.Entry::keyId)
                .doesNotContainAnyElementsOf(keys);
    }

    @Test
    void aMarkerKeyholdDidNotIssueOrIssuedToAnotherAccountIsInvalid() {
        String marker = listKeys(LISTER, 1, null).nextMarker();
        for (String bad : List.of("garbage", marker + "x", marker.substring(1))) {
            expectKmsError(InvalidMarkerException.class, () -> listKeys(LISTER, 1, bad));
        }
        expectKmsError(InvalidMarkerException.class, () -> listKeys(STRANGER, 1, marker));
        expectKmsError(InvalidMarkerException.class, () -> query(
                new ListAliasesQuery(STRANGER.accountId(), null, 1, marker), AliasPage.class));
    }

    @Test
    void aliasesAreListedByNameWithTheirKeysAndPaged() {
        AliasPage all = listAliases(null, 100, null);
        assertThat(names(all)).containsExactly("alias/alpha", "alias/bravo", "alias/charlie", "alias/delta");
        assertThat(all.aliases()).first().satisfies(entry -> {
            assertThat(entry.accountId()).isEqualTo(LISTER.accountId());
            assertThat(entry.targetKeyId()).isEqualTo(keys.get(1));
            assertThat(entry.creationDate()).isNotNull();
        });

        AliasPage first = listAliases(null, 3, null);
        AliasPage second = listAliases(null, 3, first.nextMarker());
        assertThat(names(first)).containsExactly("alias/alpha", "alias/bravo", "alias/charlie");
        assertThat(first.truncated()).isTrue();
        assertThat(names(second)).containsExactly("alias/delta");
        assertThat(second.truncated()).isFalse();
    }

    @Test
    void aliasesOfOneKeyByKeyIdOrKeyArn() {
        assertThat(names(listAliases(keys.get(0), 100, null))).containsExactly("alias/bravo", "alias/charlie");
        assertThat(names(listAliases(LISTER.keyArn(keys.get(0)), 100, null)))
                .containsExactly("alias/bravo", "alias/charlie");
        assertThat(names(listAliases(keys.get(4), 100, null))).isEmpty();
        AliasPage first = listAliases(keys.get(0), 1, null);
        assertThat(names(first)).containsExactly("alias/bravo");
        assertThat(names(listAliases(keys.get(0), 1, first.nextMarker()))).containsExactly("alias/charlie");
    }

    @Test
    void theKeyFilterMustNameAKeyOfTheCaller() {
        for (String keyId : List.of(UUID.randomUUID().toString(), "alias/alpha", LISTER.aliasArn("alias/alpha"),
                STRANGER.keyArn(keys.get(0)))) {
            NotFoundException error = expectKmsError(NotFoundException.class, () -> listAliases(keyId, 10, null));
            assertThat(error.getMessage()).isEqualTo("Key '" + keyId + "' does not exist");
        }
        expectKmsError(NotFoundException.class, () -> query(
                new ListAliasesQuery(STRANGER.accountId(), LISTER.keyArn(keys.get(0)), 10, null), AliasPage.class));
    }

    @Test
    void anAliasNameIsTakenOnceAndFreeAgainWhenDeleted() {
        String name = "alias/echo";
        alias(name, keys.get(3));
        AlreadyExistsException taken = expectKmsError(AlreadyExistsException.class, () -> alias(name, keys.get(4)));
        assertThat(taken.getMessage()).isEqualTo("An alias with the name alias/echo already exists");

        commands.sendAndWait(new DeleteAliasCommand(AliasIds.of(LISTER.accountId(), name), LISTER.accountId(), name));
        assertThat(names(listAliases(keys.get(3), 10, null))).isEmpty();
        assertThat(find(LISTER, name)).isNull();
        NotFoundException gone = expectKmsError(NotFoundException.class, () -> commands.sendAndWait(
                new DeleteAliasCommand(AliasIds.of(LISTER.accountId(), name), LISTER.accountId(), name)));
        assertThat(gone.getMessage()).isEqualTo("Alias alias/echo is not found.");

        alias(name, keys.get(4));
        assertThat(find(LISTER, name).keyId()).isEqualTo(keys.get(4));
        commands.sendAndWait(new DeleteAliasCommand(AliasIds.of(LISTER.accountId(), name), LISTER.accountId(), name));
    }
}
