package io.keyhold.xksproxy.api;

import io.keyhold.xksproxy.backend.AesGcm;
import io.keyhold.xksproxy.backend.BackendKey;
import io.keyhold.xksproxy.backend.KeyBackend;
import io.keyhold.xksproxy.config.XksProxyProperties.KeyUsage;
import io.keyhold.xksproxy.crypto.AadRecipe;
import io.keyhold.xksproxy.crypto.Cdiv;
import io.keyhold.xksproxy.crypto.GcmCiphertext;
import io.keyhold.xksproxy.health.HealthCheck;
import io.keyhold.xksproxy.store.KeyPolicy;
import io.keyhold.xksproxy.store.LogicalStore;
import io.keyhold.xksproxy.store.StoreDirectory;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** The rules of the four XKS operations, after routing, authentication and parsing. */
public final class XksOperations {

    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private final StoreDirectory directory;
    private final KeyBackend backend;
    private final AesGcm gcm;
    private final HealthCheck healthCheck;

    public XksOperations(StoreDirectory directory, KeyBackend backend, AesGcm gcm, HealthCheck healthCheck) {
        this.directory = directory;
        this.backend = backend;
        this.gcm = gcm;
        this.healthCheck = healthCheck;
    }

    /** {@code keyId} is null for GetHealthStatus. */
    public XksResponse execute(LogicalStore store, String keyId, XksRequest request) {
        if (request instanceof XksRequest.GetHealthStatus) {
            // Health is exempt from secondary authorization (XKS spec, GetHealthStatus).
            return healthCheck.report();
        }
        authorize(store, request.requestMetadata());
        if (request instanceof XksRequest.GetKeyMetadata) {
            return keyMetadata(store, keyId);
        }
        if (request instanceof XksRequest.Encrypt encrypt) {
            return encrypt(store, keyId, encrypt);
        }
        return decrypt(store, keyId, (XksRequest.Decrypt) request);
    }

    private XksResponse.KeyMetadata keyMetadata(LogicalStore store, String keyId) {
        ResolvedKey resolved = resolve(store, keyId);
        List<String> usage = Arrays.stream(KeyUsage.values()).filter(resolved.policy()::allows).map(Enum::name).toList();
        return new XksResponse.KeyMetadata(resolved.key().keySpec(), usage,
                resolved.policy().enabled() ? "ENABLED" : "DISABLED");
    }

    /**
     * With a CDIV requested the order follows the spec's guidance: encrypt, hash the output, then decrypt
     * that output to prove it round-trips. A key that may only encrypt therefore fails the whole call.
     */
    private XksResponse.Encrypted encrypt(LogicalStore store, String keyId, XksRequest.Encrypt request) {
        ResolvedKey resolved = usableKey(store, keyId, KeyUsage.ENCRYPT);
        byte[] metadata = AadRecipe.METADATA_V1;
        byte[] gcmAad = AadRecipe.gcmAad(request.additionalAuthenticatedData(), metadata);
        GcmCiphertext sealed = gcm.encrypt(resolved.key(), gcmAad, request.plaintext());
        String cdiv = null;
        if (request.ciphertextDataIntegrityValueRequested()) {
            byte[] digest = Cdiv.sha256(request.additionalAuthenticatedData(), metadata, sealed.iv(),
                    sealed.ciphertext(), sealed.tag());
            verifyRoundTrip(resolved, gcmAad, sealed, request.plaintext());
            cdiv = BASE64.encodeToString(digest);
        }
        return new XksResponse.Encrypted(BASE64.encodeToString(sealed.ciphertext()), BASE64.encodeToString(metadata),
                BASE64.encodeToString(sealed.iv()), BASE64.encodeToString(sealed.tag()), cdiv);
    }

    private void verifyRoundTrip(ResolvedKey resolved, byte[] gcmAad, GcmCiphertext sealed, byte[] plaintext) {
        if (!resolved.policy().allows(KeyUsage.DECRYPT)) {
            throw new XksException.InvalidKeyUsage("A ciphertext data integrity value needs a key that may also "
                    + "decrypt: the proxy proves the ciphertext by decrypting it, and key "
                    + resolved.policy().keyId() + " may not decrypt");
        }
        byte[] roundTrip;
        try {
            roundTrip = gcm.decrypt(resolved.key(), gcmAad, sealed);
        } catch (XksException.InvalidCiphertext e) {
            throw new XksException.Internal("The key backend produced a ciphertext that does not decrypt");
        }
        boolean matches = MessageDigest.isEqual(roundTrip, plaintext);
        Arrays.fill(roundTrip, (byte) 0);
        if (!matches) {
            throw new XksException.Internal("The key backend produced a ciphertext that decrypts to other data");
        }
    }

    private XksResponse.Decrypted decrypt(LogicalStore store, String keyId, XksRequest.Decrypt request) {
        ResolvedKey resolved = usableKey(store, keyId, KeyUsage.DECRYPT);
        if (request.initializationVector().length != 12 && request.initializationVector().length != 16) {
            throw new XksException.InvalidCiphertext("initializationVector must be 12 or 16 bytes");
        }
        if (request.authenticationTag().length != AesGcm.TAG_BYTES) {
            throw new XksException.InvalidCiphertext("authenticationTag must be 16 bytes");
        }
        if (!AadRecipe.isKnownMetadata(request.ciphertextMetadata())) {
            throw new XksException.InvalidCiphertext(
                    "ciphertextMetadata is missing or differs from what this proxy returned on encrypt");
        }
        byte[] gcmAad = AadRecipe.gcmAad(request.additionalAuthenticatedData(), request.ciphertextMetadata());
        byte[] plaintext = gcm.decrypt(resolved.key(), gcmAad, new GcmCiphertext(request.ciphertext(),
                request.initializationVector(), request.authenticationTag()));
        return new XksResponse.Decrypted(BASE64.encodeToString(plaintext));
    }

    private static void authorize(LogicalStore store, XksRequest.RequestMetadata metadata) {
        if (!store.admitsPrincipal(metadata.awsPrincipalArn())) {
            throw new XksException.AccessDenied("The principal in requestMetadata.awsPrincipalArn is not allowed "
                    + "to use this key store");
        }
    }

    private ResolvedKey usableKey(LogicalStore store, String keyId, KeyUsage usage) {
        ResolvedKey resolved = resolve(store, keyId);
        if (!resolved.policy().enabled()) {
            throw new XksException.InvalidState("External key " + keyId + " is disabled");
        }
        if (!resolved.policy().allows(usage)) {
            throw new XksException.InvalidKeyUsage(
                    "External key " + keyId + " may not be used to " + usage.name().toLowerCase(Locale.ROOT));
        }
        return resolved;
    }

    private ResolvedKey resolve(LogicalStore store, String keyId) {
        if (!store.servesKey(keyId)) {
            throw keyNotFound(keyId);
        }
        KeyPolicy policy = directory.keyPolicy(keyId).orElseThrow(() -> keyNotFound(keyId));
        BackendKey key = backend.findKey(keyId).orElseThrow(() -> keyNotFound(keyId));
        return new ResolvedKey(policy, key);
    }

    private static XksException keyNotFound(String keyId) {
        return new XksException.KeyNotFound("External key " + keyId + " was not found");
    }

    private record ResolvedKey(KeyPolicy policy, BackendKey key) {
    }
}
