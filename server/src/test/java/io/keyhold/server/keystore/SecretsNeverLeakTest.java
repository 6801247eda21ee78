package io.keyhold.server.keystore;

import static io.keyhold.server.testsupport.KmsErrors.expectInvalidCiphertext;
import static io.keyhold.server.keystore.TestAccount.KEYS_SECRETS;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyhold.connector.key.KeyMaterialStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * Plaintext, data keys, key material and passwords never reach the event store, the views or the
 * logs: after real crypto traffic (and failures), every place is scanned for them.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsNeverLeakTest extends KeyholdEndToEndTest {

    @Autowired
    KeyMaterialStore keyMaterial;

    @Test
    void noPlaintextKeyMaterialOrPasswordIsStoredOrLogged(CapturedOutput output) {
        KmsClient kms = kms(KEYS_SECRETS);
        String password = "leak-pw-" + UUID.randomUUID().toString().substring(0, 18);
        setKmsUserPassword(password);
        String storeId = createCloudHsmStore(KEYS_SECRETS, "secrets", password);
        kms.connectCustomKeyStore(r -> r.customKeyStoreId(storeId));
        awaitConnectOutcome(KEYS_SECRETS, storeId, ConnectionStateType.CONNECTED);
        String keyId = kms.createKey(r -> r.customKeyStoreId(storeId).origin(OriginType.AWS_CLOUDHSM)).keyMetadata().keyId();

        byte[] plaintext = ("plaintext-canary-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        SdkBytes ciphertext = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext))
                .encryptionContext(Map.of("k", "v"))).ciphertextBlob();
        expectInvalidCiphertext(() -> kms.decrypt(r -> r.ciphertextBlob(ciphertext)));
        byte[] dataKey = kms.generateDataKey(r -> r.keyId(keyId).numberOfBytes(32)).plaintext().asByteArray();
        kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(storeId));

        List<byte[]> secrets = new ArrayList<>(List.of(plaintext, dataKey, password.getBytes(StandardCharsets.UTF_8)));
        List<String> refs = jdbc.queryForList("select material_ref from key_material", String.class);
        assertThat(refs).as("the software cluster keeps the key's material sealed in key_material").isNotEmpty();
        refs.forEach(ref -> secrets.add(keyMaterial.reveal(ref)));

        String stored = String.join("\n", jdbc.query(
                "select payload, meta_data from domain_event_entry", (rs, row) ->
                        new String(rs.getBytes(1), StandardCharsets.UTF_8) + new String(rs.getBytes(2), StandardCharsets.UTF_8)));
        stored += String.join("\n", jdbc.queryForList("select serialized_saga from saga_entry", byte[].class).stream()
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toList());
        stored += jdbc.queryForList("select * from kms_key_view").toString();
        stored += jdbc.queryForList("select * from custom_key_store_view").toString();
        stored += jdbc.queryForList("select * from key_store_session_target").toString();
        String logs = output.getAll();
        assertThat(logs).as("the calls above were logged at all").contains(storeId);
        for (byte[] secret : secrets) {
            for (String form : forms(secret)) {
                assertThat(stored).as("stored events, sagas and views").doesNotContain(form);
                assertThat(logs).as("log output").doesNotContain(form);
            }
        }
    }

    /** How a secret could show up: raw text, Base64 or hex. */
    private static List<String> forms(byte[] secret) {
        List<String> forms = new ArrayList<>(List.of(Base64.getEncoder().encodeToString(secret),
                HexFormat.of().formatHex(secret)));
        String text = new String(secret, StandardCharsets.UTF_8);
        if (text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            forms.add(text);
        }
        return forms;
    }
}
