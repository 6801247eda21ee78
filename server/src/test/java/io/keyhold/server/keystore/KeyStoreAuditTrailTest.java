package io.keyhold.server.keystore;

import static io.keyhold.server.keystore.TestAccount.AUDITOR;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyhold.command.secret.SecretStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;

/**
 * The event store is the audit trail: every event of a store names who asked for it, through
 * which request, from where and with what client, and no event holds a credential.
 */
class KeyStoreAuditTrailTest extends KeyholdEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    SecretStore secrets;

    private record StoredEvent(String type, String payload, String metaData) {
    }

    @Test
    void everyEventOfAStoreCarriesTheCallerAndRequestAndNoPassword() throws IOException {
        String password = "Audit-Pw-" + next() + "-x7Qz";
        setKmsUserPassword(password);
        KmsClient kms = kms(AUDITOR);

        var created = kms.createCustomKeyStore(r -> r.customKeyStoreName("audited")
                .cloudHsmClusterId(LOCAL_CLUSTER)
                .trustAnchorCertificate(trustAnchor(LOCAL_CLUSTER))
                .keyStorePassword(password));
        String id = created.customKeyStoreId();
        String connectRequest = kms.connectCustomKeyStore(r -> r.customKeyStoreId(id)).responseMetadata().requestId();
        awaitConnectOutcome(AUDITOR, id, ConnectionStateType.CONNECTED);
        String disconnectRequest = kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id)).responseMetadata().requestId();

        List<StoredEvent> events = jdbc.query(
                "select payload_type, payload, meta_data from domain_event_entry "
                        + "where aggregate_identifier = ? order by sequence_number",
                (rs, row) -> new StoredEvent(rs.getString(1), utf8(rs.getBytes(2)), utf8(rs.getBytes(3))), id);
        assertThat(events).extracting(e -> simpleName(e.type())).containsExactly(
                "CustomKeyStoreCreated", "KeyStoreConnecting", "KmsUserCredentialRotated", "KeyStoreConnected",
                "KeyStoreDisconnected");

        Map<String, String> requestOfEvent = Map.of(
                "CustomKeyStoreCreated", created.responseMetadata().requestId(),
                "KeyStoreConnecting", connectRequest,
                "KmsUserCredentialRotated", connectRequest,
                "KeyStoreConnected", connectRequest,
                "KeyStoreDisconnected", disconnectRequest);
        for (StoredEvent event : events) {
            JsonNode metaData = JSON.readTree(event.metaData());
            String name = simpleName(event.type());
            assertThat(text(metaData, "accountId")).as(name).isEqualTo(AUDITOR.accountId());
            assertThat(text(metaData, "principalArn")).as(name).isEqualTo("arn:aws:iam::" + AUDITOR.accountId() + ":user/auditor");
            assertThat(text(metaData, "requestId")).as(name).isEqualTo(requestOfEvent.get(name));
            assertThat(text(metaData, "sourceIp")).as(name).isIn("127.0.0.1", "0:0:0:0:0:0:0:1", "::1");
            assertThat(text(metaData, "userAgent")).as(name).startsWith("aws-sdk-java/");
        }

        String rotated = rotatedPassword(events);
        assertThat(rotated).isNotEqualTo(password);
        for (StoredEvent event : events) {
            for (String secret : List.of(password, rotated)) {
                assertThat(event.payload()).as(simpleName(event.type())).doesNotContain(secret);
                assertThat(event.metaData()).as(simpleName(event.type())).doesNotContain(secret);
            }
        }
    }

    /** The password Keyhold set while connecting, read back from its encrypted store. */
    private String rotatedPassword(List<StoredEvent> events) throws IOException {
        StoredEvent rotation = events.stream().filter(e -> simpleName(e.type()).equals("KmsUserCredentialRotated"))
                .findFirst().orElseThrow();
        return secrets.reveal(text(JSON.readTree(rotation.payload()), "credentialRef"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        assertThat(value).as("%s in %s", field, node).isNotNull();
        return value.asText();
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    }
}
