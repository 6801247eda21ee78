package io.keyhold.server.crypto;

import io.keyhold.api.error.DisabledException;
import io.keyhold.api.error.KMSInvalidStateException;
import io.keyhold.api.key.KmsKeyView;
import io.keyhold.server.identity.Caller;
import io.keyhold.server.key.KeyResolver;
import io.keyhold.server.limits.RateLimits;

import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * The gate every cryptographic operation passes: the key is read together with its store's
 * projected connection state, fresh from the database, at the moment of the call. The store view
 * is written in the transaction of DisconnectCustomKeyStore, so once a Disconnect has returned on
 * any node, no node lets a new operation on that store's keys through.
 */
@Component
public class CryptoGuard {

    private final KeyResolver keys;
    private final RateLimits rateLimits;

    public CryptoGuard(KeyResolver keys, RateLimits rateLimits) {
        this.keys = keys;
        this.rateLimits = rateLimits;
    }

    /**
     * The key, if the caller may perform {@code action} with it and it may be used for cryptography
     * now; the request counts toward its store's rate.
     */
    public KmsKeyView admit(Caller caller, String keyIdentifier, String action, Map<String, String> encryptionContext) {
        KmsKeyView key = keys.find(caller, keyIdentifier, action, encryptionContext);
        rateLimits.admitCrypto(key.customKeyStoreId());
        check(key);
        return key;
    }

    /** KMS's key-state table: a pending deletion first, then an unavailable store, then a disabled key. */
    public static void check(KmsKeyView key) {
        switch (key.keyState()) {
            case PENDING_DELETION -> throw new KMSInvalidStateException(key.keyArn() + " is pending deletion.");
            case UNAVAILABLE -> throw new KMSInvalidStateException(key.keyArn() + " is unavailable.");
            case DISABLED -> throw new DisabledException(key.keyArn() + " is disabled.");
            case ENABLED -> {
            }
        }
    }
}
