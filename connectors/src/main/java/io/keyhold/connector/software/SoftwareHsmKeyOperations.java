package io.keyhold.connector.software;

import io.keyhold.connector.hsm.GcmCiphertext;
import io.keyhold.connector.hsm.HsmCiphertextException;
import io.keyhold.connector.hsm.HsmKeyNotFoundException;
import io.keyhold.connector.hsm.HsmKeyOperations;
import io.keyhold.connector.hsm.HsmOperationException;
import io.keyhold.connector.key.Aes256Gcm;
import io.keyhold.connector.key.KeyMaterialStore;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

import javax.crypto.AEADBadTagException;

import org.springframework.dao.DataAccessException;

/**
 * The software cluster's keys: AES-256 keys in the {@link KeyMaterialStore} under
 * {@code hsm/<clusterId>/<keyArn>}. Like an HSM's non-extractable keys, the material is used here
 * and never handed out; each operation reads it, uses it and wipes the copy.
 */
final class SoftwareHsmKeyOperations implements HsmKeyOperations {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String clusterId;
    private final KeyMaterialStore keyMaterial;
    private volatile boolean closed;

    SoftwareHsmKeyOperations(String clusterId, KeyMaterialStore keyMaterial) {
        this.clusterId = clusterId;
        this.keyMaterial = keyMaterial;
    }

    @Override
    public void generateKey(String keyArn) {
        try {
            change("generating key " + keyArn, () -> keyMaterial.generate(ref(keyArn)));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("a key labelled " + keyArn + " already exists on cluster " + clusterId, e);
        }
    }

    @Override
    public GcmCiphertext encrypt(String keyArn, byte[] plaintext, byte[] aad) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] sealed = withKey("encrypting with key " + keyArn, keyArn, key -> Aes256Gcm.seal(key, plaintext, aad));
        return new GcmCiphertext(Arrays.copyOf(sealed, Aes256Gcm.IV_BYTES),
                Arrays.copyOfRange(sealed, Aes256Gcm.IV_BYTES, sealed.length));
    }

    @Override
    public byte[] decrypt(String keyArn, GcmCiphertext ciphertext, byte[] aad) {
        String what = "decrypting with key " + keyArn;
        byte[] iv = ciphertext.iv();
        byte[] ciphertextAndTag = ciphertext.ciphertextAndTag();
        if (iv.length != Aes256Gcm.IV_BYTES) {
            throw new HsmOperationException(what + " failed: the IV has " + iv.length + " bytes, not "
                    + Aes256Gcm.IV_BYTES);
        }
        byte[] sealed = Arrays.copyOf(iv, iv.length + ciphertextAndTag.length);
        System.arraycopy(ciphertextAndTag, 0, sealed, iv.length, ciphertextAndTag.length);
        return withKey(what, keyArn, key -> {
            try {
                return Aes256Gcm.open(key, sealed, aad);
            } catch (AEADBadTagException e) {
                throw new HsmCiphertextException(what + " on cluster " + clusterId + " failed: the ciphertext does"
                        + " not authenticate", e);
            }
        });
    }

    @Override
    public void destroyKey(String keyArn) {
        change("destroying key " + keyArn, () -> keyMaterial.destroy(ref(keyArn)));
    }

    @Override
    public byte[] generateRandom(int numberOfBytes) {
        checkOpen("generating random bytes");
        byte[] random = new byte[numberOfBytes];
        RANDOM.nextBytes(random);
        return random;
    }

    /** Ends every later operation, as closing an HSM session does. */
    void close() {
        closed = true;
    }

    private <T> T withKey(String what, String keyArn, Function<byte[], T> call) {
        checkOpen(what);
        byte[] key;
        try {
            key = keyMaterial.reveal(ref(keyArn));
        } catch (NoSuchElementException e) {
            throw new HsmKeyNotFoundException("no key labelled " + keyArn + " on cluster " + clusterId);
        } catch (DataAccessException e) {
            throw failed(what, e);
        }
        try {
            return call.apply(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private void change(String what, Runnable change) {
        checkOpen(what);
        try {
            change.run();
        } catch (DataAccessException e) {
            throw failed(what, e);
        }
    }

    private String ref(String keyArn) {
        return "hsm/" + clusterId + "/" + keyArn;
    }

    private void checkOpen(String what) {
        if (closed) {
            throw new HsmOperationException(what + " on cluster " + clusterId + " failed: the session is closed");
        }
    }

    private HsmOperationException failed(String what, DataAccessException e) {
        return new HsmOperationException(what + " on cluster " + clusterId + " failed: the key store database"
                + " did not answer", e);
    }

    @Override
    public String toString() {
        return "SoftwareHsmKeyOperations[" + clusterId + "]";
    }
}
