package io.keyhold.server.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyhold.server.testsupport.KmsClients;
import io.keyhold.server.testsupport.SigV4Signing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConnectionErrorCodeType;
import software.amazon.awssdk.services.kms.model.ConnectionStateType;
import software.amazon.awssdk.services.kms.model.CustomKeyStoresListEntry;

/**
 * CloudHSM-type key stores on real PKCS#11 tokens through the AWS SDK: kmsuser's password is the
 * token's user PIN, and every connect logs in and rotates it.
 */
class Pkcs11KeyStoreEndToEndTest extends Pkcs11EndToEndTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aStoreOnATokenConnectsRotatesThePinAndReconnectsWithTheRotatedOne() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            String id = createStore(kms, "rotation", ROTATION, ROTATION_PIN);
            assertThat(connect(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
            assertThat(connect(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));

            // the PIN it was created with is no longer the token's: telling Keyhold it again fails the connect
            kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).keyStorePassword(ROTATION_PIN));
            assertFailed(connect(kms, id), ConnectionErrorCodeType.INVALID_CREDENTIALS);
        }
    }

    @Test
    void fiveWrongPinsLockKmsUserOutUntilAnOperatorUnlocksIt() throws Exception {
        try (KmsClient kms = KmsClients.forPort(port)) {
            String id = createStore(kms, "lockout", LOCKOUT, "not-the-Pin-123");
            for (int attempt = 1; attempt <= 4; attempt++) {
                assertFailed(connect(kms, id), ConnectionErrorCodeType.INVALID_CREDENTIALS);
                kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
            }
            assertFailed(connect(kms, id), ConnectionErrorCodeType.USER_LOCKED_OUT);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));

            kms.updateCustomKeyStore(r -> r.customKeyStoreId(id).keyStorePassword(LOCKOUT_PIN));
            assertFailed(connect(kms, id), ConnectionErrorCodeType.USER_LOCKED_OUT);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
            assertThat(admin("GET", "/simulation").body()).contains("\"failedLogins\":5", "\"locked\":true");

            assertThat(admin("DELETE", "/kmsuser-lockout").statusCode()).isEqualTo(204);
            assertThat(admin("GET", "/simulation").body()).contains("\"failedLogins\":0", "\"locked\":false");
            assertThat(connect(kms, id).connectionState()).isEqualTo(ConnectionStateType.CONNECTED);
            kms.disconnectCustomKeyStore(r -> r.customKeyStoreId(id));
        }
    }

    @Test
    void aTokenWhoseUserPinWasNeverSetHasNoKmsUser() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            assertFailed(connect(kms, createStore(kms, "no-user", NO_USER, "any-kmsuser-Pin3")),
                    ConnectionErrorCodeType.USER_NOT_FOUND);
        }
    }

    @Test
    void aMissingLibraryIsANetworkError() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            assertFailed(connect(kms, createStore(kms, "no-library", NO_LIBRARY, "any-kmsuser-Pin4")),
                    ConnectionErrorCodeType.NETWORK_ERRORS);
        }
    }

    @Test
    void aMissingTokenIsAClusterNotFound() {
        try (KmsClient kms = KmsClients.forPort(port)) {
            assertFailed(connect(kms, createStore(kms, "no-token", NO_TOKEN, "any-kmsuser-Pin5")),
                    ConnectionErrorCodeType.CLUSTER_NOT_FOUND);
        }
    }

    private static void assertFailed(CustomKeyStoresListEntry store, ConnectionErrorCodeType expected) {
        assertThat(store.connectionState()).isEqualTo(ConnectionStateType.FAILED);
        assertThat(store.connectionErrorCode()).isEqualTo(expected);
    }

    /** The operator's admin endpoints for the lockout test's cluster, over real HTTP. */
    private HttpResponse<String> admin(String method, String path) throws Exception {
        URI uri = URI.create("http://localhost:" + port + "/admin/clusters/" + LOCKOUT + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
        return http.send(SigV4Signing.withHeaders(request, SigV4Signing.as("test").headers(port, method, uri.getRawPath(),
                Map.of(), new byte[0])).build(), HttpResponse.BodyHandlers.ofString());
    }
}
