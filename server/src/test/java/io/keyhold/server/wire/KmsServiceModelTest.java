package io.keyhold.server.wire;

import io.keyhold.server.wire.KmsServiceModel.Shape;
import io.keyhold.server.wire.KmsServiceModel.ShapeType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KmsServiceModelTest {

    private static final KmsServiceModel MODEL = KmsServiceModel.fromClasspath();

    @Test
    void knowsTheCustomKeyStoreOperations() {
        assertThat(MODEL.hasOperation("CreateCustomKeyStore")).isTrue();
        assertThat(MODEL.hasOperation("DescribeCustomKeyStores")).isTrue();
        assertThat(MODEL.operationNames()).contains("UpdateCustomKeyStore", "ConnectCustomKeyStore",
                "DisconnectCustomKeyStore", "DeleteCustomKeyStore");
    }

    @Test
    void doesNotKnowOperationsOutsideTheModelOrWithOtherCase() {
        assertThat(MODEL.hasOperation("CreateWidget")).isFalse();
        assertThat(MODEL.hasOperation("createCustomKeyStore")).isFalse();
        assertThatThrownBy(() -> MODEL.inputShape("CreateWidget"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown operation: CreateWidget");
    }

    @Test
    void exposesTheInputShapeWithMembersInModelOrderAndTheirConstraints() {
        Shape input = MODEL.inputShape("DescribeCustomKeyStores");

        assertThat(input.name()).isEqualTo("DescribeCustomKeyStoresRequest");
        assertThat(input.type()).isEqualTo(ShapeType.STRUCTURE);
        assertThat(input.members()).containsOnlyKeys("CustomKeyStoreId", "CustomKeyStoreName", "Limit", "Marker");
        assertThat(input.required()).isEmpty();
        Shape limit = input.members().get("Limit").shape();
        assertThat(limit.type()).isEqualTo(ShapeType.INTEGER);
        assertThat(limit.min()).contains(BigDecimal.ONE);
        assertThat(limit.max()).contains(BigDecimal.valueOf(1000));
    }

    @Test
    void keepsThePatternTextExactlyAsInTheModel() {
        Shape path = MODEL.inputShape("CreateCustomKeyStore").members().get("XksProxyUriPath").shape();

        assertThat(path.pattern()).map(Pattern::pattern)
                .contains("^(/[a-zA-Z0-9\\/_-]+/kms/xks/v\\d{1,2})$|^(/kms/xks/v\\d{1,2})$");
    }

    @Test
    void marksSensitiveShapes() {
        Shape credential = MODEL.inputShape("CreateCustomKeyStore").members()
                .get("XksProxyAuthenticationCredential").shape();

        assertThat(credential.required()).containsExactly("AccessKeyId", "RawSecretAccessKey");
        assertThat(credential.members().get("RawSecretAccessKey").isSensitive()).isTrue();
        assertThat(MODEL.inputShape("CreateCustomKeyStore").members().get("CustomKeyStoreName").isSensitive())
                .isFalse();
    }

    @Test
    void linksListAndMapShapes() {
        Shape createKey = MODEL.inputShape("CreateKey");
        Shape encrypt = MODEL.inputShape("Encrypt");

        assertThat(createKey.members().get("Tags").shape().listMember().shape().name()).isEqualTo("Tag");
        Shape context = encrypt.members().get("EncryptionContext").shape();
        assertThat(context.mapKey().shape().type()).isEqualTo(ShapeType.STRING);
        assertThat(context.mapValue().shape().type()).isEqualTo(ShapeType.STRING);
        assertThatThrownBy(context::listMember).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void loadsAModelFromAStreamAndHonoursMemberLevelSensitivity() throws Exception {
        KmsServiceModel model = KmsServiceModel.load(stream("""
                {"operations": {"Op": {"input": {"shape": "OpRequest"}}},
                 "shapes": {
                   "OpRequest": {"type": "structure", "members": {"Secret": {"shape": "Text", "sensitive": true}}},
                   "Text": {"type": "string"}}}
                """));

        assertThat(model.hasOperation("Op")).isTrue();
        assertThat(model.inputShape("Op").members().get("Secret").isSensitive()).isTrue();
    }

    @Test
    void rejectsAModelThatRefersToAnUndefinedShape() {
        assertThatThrownBy(() -> KmsServiceModel.load(stream("""
                {"operations": {"Op": {"input": {"shape": "Missing"}}}, "shapes": {}}
                """)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The model refers to undefined shape Missing");
    }

    @Test
    void rejectsAShapeTypeItCannotValidate() {
        assertThatThrownBy(() -> KmsServiceModel.load(stream("""
                {"operations": {}, "shapes": {"Odd": {"type": "bigdecimal"}}}
                """)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Shape Odd has unsupported type 'bigdecimal'");
    }

    @Test
    void rejectsADocumentThatIsNotAServiceModel() {
        assertThatThrownBy(() -> KmsServiceModel.load(stream("[]")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
