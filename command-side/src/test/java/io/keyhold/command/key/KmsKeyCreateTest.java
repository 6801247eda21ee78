package io.keyhold.command.key;

import static io.keyhold.command.testsupport.KeyStoreTestData.ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_ACCOUNT;
import static io.keyhold.command.testsupport.KeyStoreTestData.OTHER_STORE_ID;
import static io.keyhold.command.testsupport.KeyStoreTestData.STORE_ID;
import static io.keyhold.command.testsupport.KmsKeyTestData.NOW;
import static io.keyhold.command.testsupport.KmsKeyTestData.OTHER_KEY_ID;
import static io.keyhold.command.testsupport.KmsKeyTestData.XKS_KEY_ID;
import static io.keyhold.command.testsupport.KmsKeyTestData.cloudHsmKeyCreated;
import static io.keyhold.command.testsupport.KmsKeyTestData.create;
import static io.keyhold.command.testsupport.KmsKeyTestData.createCloudHsmKey;
import static io.keyhold.command.testsupport.KmsKeyTestData.createXksKey;
import static io.keyhold.command.testsupport.KmsKeyTestData.xksKeyCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.keyhold.api.error.CustomKeyStoreNotFoundException;
import io.keyhold.api.error.UnsupportedOperationException;
import io.keyhold.api.error.ValidationException;
import io.keyhold.api.error.XksKeyAlreadyInUseException;
import io.keyhold.api.key.CreateKmsKeyCommand;
import io.keyhold.api.key.KeyOrigin;
import io.keyhold.api.keystore.CustomKeyStoreType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** CreateKey in a custom key store (kms-api.md 6.1): the rules the command side decides. */
class KmsKeyCreateTest extends KmsKeyFixtureSupport {

    @Test
    void aCloudHsmKeyIsCreatedEnabledAtTheCurrentTime() {
        fixture.givenCurrentTime(NOW)
                .when(createCloudHsmKey())
                .expectSuccessfulHandlerExecution()
                .expectEvents(cloudHsmKeyCreated());
        assertThat(lookup.calls()).containsExactly("storeExists(" + ACCOUNT + ", " + STORE_ID + ")");
    }

    @Test
    void anXksKeyIsCreatedWithItsExternalKeyAndInnerKeyMaterialReference() {
        fixture.givenCurrentTime(NOW)
                .when(createXksKey())
                .expectEvents(xksKeyCreated());
        assertThat(lookup.calls()).containsExactly("storeExists(" + ACCOUNT + ", " + STORE_ID + ")",
                "isXksKeyInUse(" + STORE_ID + ", " + XKS_KEY_ID + ")");
    }

    @Test
    void aStoreOfAnotherAccountIsNotFound() {
        CreateKmsKeyCommand command = createCloudHsmKey();
        fixture.givenNoPriorActivity()
                .when(new CreateKmsKeyCommand(command.keyId(), command.keyArn(), OTHER_ACCOUNT, STORE_ID,
                        command.storeType(), command.origin(), command.cloudHsmClusterId(), null, null, null, null))
                .expectException(CustomKeyStoreNotFoundException.class)
                .expectExceptionMessage(equalTo("Custom key store " + STORE_ID + " does not exist in this account and Region."))
                .expectNoEvents();
    }

    @Test
    void aDeletedOrUnknownStoreIsNotFound() {
        CreateKmsKeyCommand command = createCloudHsmKey();
        fixture.givenNoPriorActivity()
                .when(new CreateKmsKeyCommand(command.keyId(), command.keyArn(), ACCOUNT, OTHER_STORE_ID,
                        command.storeType(), command.origin(), command.cloudHsmClusterId(), null, null, null, null))
                .expectException(CustomKeyStoreNotFoundException.class)
                .expectNoEvents();
    }

    @ParameterizedTest(name = "{1} key in an {0} store")
    @CsvSource({"AWS_CLOUDHSM, EXTERNAL_KEY_STORE, ext-key-0001", "EXTERNAL_KEY_STORE, AWS_CLOUDHSM, "})
    void anOriginThatDoesNotMatchTheStoreTypeIsUnsupported(CustomKeyStoreType storeType, KeyOrigin origin,
                                                            String xksKeyId) {
        fixture.givenNoPriorActivity()
                .when(create(storeType, origin, xksKeyId))
                .expectException(UnsupportedOperationException.class)
                .expectExceptionMessage(equalTo("Origin " + origin + " is not valid for custom key store " + STORE_ID
                        + " of type " + storeType + "."))
                .expectNoEvents();
    }

    @Test
    void anXksKeyNeedsAnExternalKeyId() {
        fixture.givenNoPriorActivity()
                .when(create(CustomKeyStoreType.EXTERNAL_KEY_STORE, KeyOrigin.EXTERNAL_KEY_STORE, null))
                .expectException(ValidationException.class)
                .expectExceptionMessage(equalTo("XksKeyId is required when Origin is EXTERNAL_KEY_STORE."))
                .expectNoEvents();
    }

    @Test
    void aCloudHsmKeyTakesNoExternalKeyId() {
        fixture.givenNoPriorActivity()
                .when(create(CustomKeyStoreType.AWS_CLOUDHSM, KeyOrigin.AWS_CLOUDHSM, XKS_KEY_ID))
                .expectException(ValidationException.class)
                .expectExceptionMessage(equalTo("XksKeyId is valid only when Origin is EXTERNAL_KEY_STORE."))
                .expectNoEvents();
    }

    @Test
    void anExternalKeyOfAnotherKeyInTheSameStoreIsAlreadyInUse() {
        lookup.key(OTHER_KEY_ID, ACCOUNT, STORE_ID, XKS_KEY_ID);
        fixture.givenNoPriorActivity()
                .when(createXksKey())
                .expectException(XksKeyAlreadyInUseException.class)
                .expectExceptionMessage(equalTo("The external key ID " + XKS_KEY_ID
                        + " is already associated with a KMS key in custom key store " + STORE_ID + "."))
                .expectNoEvents();
    }

    @Test
    void theSameExternalKeyMayBackKeysInDifferentStores() {
        lookup.key(OTHER_KEY_ID, ACCOUNT, OTHER_STORE_ID, XKS_KEY_ID);
        fixture.givenCurrentTime(NOW)
                .when(createXksKey())
                .expectEvents(xksKeyCreated());
    }
}
