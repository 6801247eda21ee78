package io.keyhold.server.crypto;

import io.keyhold.api.error.IncorrectKeyException;
import io.keyhold.api.error.NotFoundException;
import io.keyhold.api.key.KmsKeyView;
import io.keyhold.connector.key.BackingKey;
import io.keyhold.connector.key.CryptoRequest;
import io.keyhold.server.identity.Caller;

import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Encrypts and decrypts with KMS keys: every call passes the {@link CryptoGuard}, then runs through
 * this node's session to the key's store, and produces or reads a {@link CiphertextBlob}.
 */
@Component
public class CryptoService {

    /** What Decrypt found: the key the blob names and the plaintext. */
    public record Decrypted(KmsKeyView key, byte[] plaintext) {
    }

    private final CryptoGuard guard;
    private final KeyStoreSessions sessions;

    public CryptoService(CryptoGuard guard, KeyStoreSessions sessions) {
        this.guard = guard;
        this.sessions = sessions;
    }

    /** The key a request names, admitted by the guard for {@code action} (e.g. {@code kms:Encrypt}). */
    public KmsKeyView admit(Caller caller, String keyIdentifier, String action, Map<String, String> encryptionContext) {
        return guard.admit(caller, keyIdentifier, action, encryptionContext);
    }

    public byte[] encrypt(KmsKeyView key, byte[] plaintext, Map<String, String> encryptionContext, CryptoRequest request) {
        CiphertextBlob unsealed = new CiphertextBlob(key.origin(), key.keyArn(), new byte[0]);
        byte[] body = sessions.backend(key.customKeyStoreId(), key.keyArn())
                .encrypt(backingKey(key), plaintext, unsealed.aad(encryptionContext), request);
        return new CiphertextBlob(key.origin(), key.keyArn(), body).toBytes();
    }

    /**
     * Finds the key from the blob; a {@code keyIdentifier} given by the caller must name that same
     * key ({@code IncorrectKeyException} otherwise, as KMS). The caller needs {@code action} on that key
     * ({@code kms:Decrypt}, or {@code kms:ReEncryptFrom} for ReEncrypt's source).
     */
    public Decrypted decrypt(Caller caller, byte[] ciphertext, Map<String, String> encryptionContext,
                             String keyIdentifier, String action, CryptoRequest request) {
        CiphertextBlob blob = CiphertextBlob.parse(ciphertext);
        KmsKeyView key;
        if (keyIdentifier != null) {
            key = guard.admit(caller, keyIdentifier, action, encryptionContext);
            if (!key.keyArn().equals(blob.keyArn())) {
                throw new IncorrectKeyException(
                        "The key ID in the request does not identify a CMK that can perform this operation.");
            }
        } else {
            key = keyOfBlob(caller, blob, action, encryptionContext);
        }
        if (key.origin() != blob.origin()) {
            throw CiphertextBlob.invalid();
        }
        byte[] plaintext = sessions.backend(key.customKeyStoreId(), key.keyArn())
                .decrypt(backingKey(key), blob.body(), blob.aad(encryptionContext), request);
        return new Decrypted(key, plaintext);
    }

    /** A blob naming a key that does not exist (or no longer) is not a ciphertext Keyhold can read. */
    private KmsKeyView keyOfBlob(Caller caller, CiphertextBlob blob, String action, Map<String, String> encryptionContext) {
        try {
            return guard.admit(caller, blob.keyArn(), action, encryptionContext);
        } catch (NotFoundException e) {
            throw CiphertextBlob.invalid();
        }
    }

    static BackingKey backingKey(KmsKeyView key) {
        return new BackingKey(key.keyId(), key.keyArn(), key.xksKeyId(), key.materialRef());
    }
}
