package io.keyhold.command.key;

import static io.keyhold.command.testsupport.KeyStoreTestData.ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.STORE_ID;
import static io.keyhold.command.testsupport.KmsKeyTestData.KEY_ID;
import static io.keyhold.command.testsupport.KmsKeyTestData.NOW;
import static io.keyhold.command.testsupport.KmsKeyTestData.OTHER_KEY_ID;
import static org.hamcrest.Matchers.equalTo;

import io.keyhold.api.error.AlreadyExistsException;
import io.keyhold.api.error.InvalidAliasNameException;
import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.error.ValidationException;
import io.keyhold.api.key.AliasCreated;
import io.keyhold.api.key.AliasDeleted;
import io.keyhold.api.key.AliasIds;
import io.keyhold.api.key.CreateAliasCommand;
import io.keyhold.api.key.DeleteAliasCommand;
import io.keyhold.command.testsupport.InMemoryKmsKeyLookup;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CreateAlias and DeleteAlias: one name per account, reusable once deleted. */
class AliasTest {

    private static final String NAME = "alias/payments";
    private static final String ALIAS_ID = AliasIds.of(ACCOUNT, NAME);

    private AggregateTestFixture<Alias> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Alias.class);
        fixture.registerInjectableResource(new InMemoryKmsKeyLookup().key(KEY_ID, ACCOUNT, STORE_ID, null)
                .key(OTHER_KEY_ID, OTHER_ACCOUNT, STORE_ID, null));
    }

    private static CreateAliasCommand create(String name, String targetKeyId) {
        return new CreateAliasCommand(AliasIds.of(ACCOUNT, name), ACCOUNT, name, targetKeyId);
    }

    private static AliasCreated created() {
        return new AliasCreated(ALIAS_ID, ACCOUNT, NAME, KEY_ID, NOW);
    }

    @Test
    void createRecordsTheAliasOfTheKey() {
        fixture.givenCurrentTime(NOW)
                .when(create(NAME, KEY_ID))
                .expectSuccessfulHandlerExecution()
                .expectEvents(created());
    }

    @Test
    void aNameIsTakenOncePerAccount() {
        fixture.given(created())
                .when(create(NAME, OTHER_KEY_ID))
                .expectException(AlreadyExistsException.class)
                .expectExceptionMessage(equalTo("An alias with the name " + NAME + " already exists"))
                .expectNoEvents();
    }

    @Test
    void aDeletedNameCanBeCreatedAgain() {
        fixture.given(created(), new AliasDeleted(ALIAS_ID, ACCOUNT, NAME, KEY_ID))
                .andGivenCurrentTime(NOW)
                .when(create(NAME, KEY_ID))
                .expectEvents(created())
                .expectNotMarkedDeleted();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alias/aws/s3", "alias/aws/custom"})
    void namesOfAwsManagedKeysAreReserved(String name) {
        fixture.givenNoPriorActivity()
                .when(create(name, KEY_ID))
                .expectException(InvalidAliasNameException.class)
                .expectExceptionMessage(equalTo("Alias names that begin with alias/aws/ are reserved for AWS managed keys."))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"payments", "alias/", "aliases/payments"})
    void aNameMustBeginWithAliasSlash(String name) {
        fixture.givenNoPriorActivity()
                .when(create(name, KEY_ID))
                .expectException(ValidationException.class)
                .expectExceptionMessage(equalTo("Invalid identifier"))
                .expectNoEvents();
    }

    @Test
    void aColonIsNotAllowedInAnAliasName() {
        fixture.givenNoPriorActivity()
                .when(create("alias/my:alias", KEY_ID))
                .expectException(ValidationException.class)
                .expectExceptionMessage(equalTo("alias/my:alias contains invalid characters for an alias"))
                .expectNoEvents();
    }

    @Test
    void theTargetMustBeAKeyOfTheSameAccount() {
        fixture.givenNoPriorActivity()
                .when(create(NAME, OTHER_KEY_ID))
                .expectException(NotFoundException.class)
                .expectExceptionMessage(equalTo("Key '" + OTHER_KEY_ID + "' does not exist"))
                .expectNoEvents();
    }

    @Test
    void theAliasIdMustBeTheAccountAndName() {
        fixture.givenNoPriorActivity()
                .when(new CreateAliasCommand(AliasIds.of(OTHER_ACCOUNT, NAME), ACCOUNT, NAME, KEY_ID))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();
    }

    @Test
    void deleteRecordsAliasDeleted() {
        fixture.given(created())
                .when(new DeleteAliasCommand(ALIAS_ID, ACCOUNT, NAME))
                .expectEvents(new AliasDeleted(ALIAS_ID, ACCOUNT, NAME, KEY_ID))
                .expectNotMarkedDeleted();
    }

    @Test
    void deletingANameNeverUsedIsNotFound() {
        fixture.givenNoPriorActivity()
                .when(new DeleteAliasCommand(ALIAS_ID, ACCOUNT, NAME))
                .expectException(NotFoundException.class)
                .expectExceptionMessage(equalTo("Alias " + NAME + " is not found."))
                .expectNoEvents();
    }

    @Test
    void deletingADeletedAliasIsNotFound() {
        fixture.given(created(), new AliasDeleted(ALIAS_ID, ACCOUNT, NAME, KEY_ID))
                .when(new DeleteAliasCommand(ALIAS_ID, ACCOUNT, NAME))
                .expectException(NotFoundException.class)
                .expectExceptionMessage(equalTo("Alias " + NAME + " is not found."))
                .expectNoEvents();
    }
}
