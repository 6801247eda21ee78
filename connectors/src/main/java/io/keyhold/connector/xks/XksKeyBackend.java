package io.keyhold.connector.xks;

import io.keyhold.api.error.CustomKeyStoreInvalidStateException;
import io.keyhold.api.error.KMSInvalidStateException;
import io.keyhold.api.error.UnsupportedOperationException;
import io.keyhold.api.error.XksKeyInvalidConfigurationException;
import io.keyhold.connector.key.Aes256Gcm;
import io.keyhold.connector.key.BackingKey;
import io.keyhold.connector.key.CryptoRequest;
import io.keyhold.connector.key.KeyBackend;
import io.keyhold.connector.key.KeyMaterialStore;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.Function;

import javax.crypto.AEADBadTagException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KMS keys of an external key store, double-encrypted as KMS does (connectors.md A.11):
 * Keyhold's own AES-256-GCM key, unique to the KMS key and kept in the {@link KeyMaterialStore}
 * under {@code xks/<keyId>}, encrypts first with the caller's AAD; the proxy then encrypts that
 * inner ciphertext and tag under the external key, bound to the SHA-256 of the same AAD. Neither
 * Keyhold nor the external key manager alone can decrypt. The ciphertext is {@link XksCiphertext}.
 */
final class XksKeyBackend implements KeyBackend {

    private static final Logger log = LoggerFactory.getLogger(XksKeyBackend.class);
    private static final String AES_256 = "AES_256";
    private static final String ENABLED = "ENABLED";

    private final XksProxyClient client;
    private final XksProxyTarget proxy;
    private final XksCredential credential;
    private final KeyMaterialStore keyMaterial;
    private final XksRequestMetrics metrics;
    private volatile boolean closed;

    XksKeyBackend(XksProxyClient client, XksProxyTarget proxy, XksCredential credential, KeyMaterialStore keyMaterial,
                  XksRequestMetrics metrics) {
        this.client = client;
        this.proxy = proxy;
        this.credential = credential;
        this.keyMaterial = keyMaterial;
        this.metrics = metrics;
    }

    /** Checks the external key as KMS does (connectors.md A.4 GetKeyMetadata), then makes the inner key. */
    @Override
    public BackingKey createKey(String keyId, String keyArn, String xksKeyId, CryptoRequest request) {
        Objects.requireNonNull(xksKeyId, "xksKeyId");
        if (closed) {
            throw new CustomKeyStoreInvalidStateException("The external key store is not connected to its proxy.");
        }
        KeyMetadata metadata;
        try {
            metadata = metrics.timed("GetKeyMetadata", request.kmsOperation(), () -> client.getKeyMetadata(proxy,
                    credential, xksKeyId, new XksRequestMetadata(request.requestId(), request.kmsOperation(),
                            request.principalArn(), null)));
        } catch (XksProxyException e) {
            throw XksKeyFailures.ofCreateKey(e, xksKeyId);
        }
        if (!AES_256.equals(metadata.keySpec())) {
            throw new XksKeyInvalidConfigurationException("The key spec of the external key " + xksKeyId
                    + " must be AES_256. The key spec of the specified external key is " + metadata.keySpec() + ".");
        }
        if (!metadata.keyUsage().containsAll(List.of("ENCRYPT", "DECRYPT"))) {
            throw new XksKeyInvalidConfigurationException("The key usage of the external key " + xksKeyId
                    + " must include ENCRYPT and DECRYPT. The key usage of the specified external key is "
                    + metadata.keyUsage() + ".");
        }
        if (!ENABLED.equals(metadata.keyStatus())) {
            throw new XksKeyInvalidConfigurationException("The status of the external key " + xksKeyId
                    + " must be ENABLED. The status of the specified external key is " + metadata.keyStatus() + ".");
        }
        String materialRef = "xks/" + keyId;
        keyMaterial.generate(materialRef);
        return new BackingKey(keyId, keyArn, xksKeyId, materialRef);
    }

    @Override
    public byte[] encrypt(BackingKey key, byte[] plaintext, byte[] aad, CryptoRequest request) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] inner = withMaterial(key, "Encrypt", material -> Aes256Gcm.seal(material, plaintext, aad));
        byte[] innerIv = Arrays.copyOf(inner, XksCiphertext.INNER_IV_BYTES);
        byte[] innerCiphertextAndTag = Arrays.copyOfRange(inner, XksCiphertext.INNER_IV_BYTES, inner.length);
        EncryptResult outer;
        try {
            outer = metrics.timed("Encrypt", request.kmsOperation(), () -> client.encrypt(proxy, credential,
                    key.xksKeyId(), innerCiphertextAndTag, sha256(aad), metadata(request, key)));
        } catch (XksProxyException e) {
            throw XksKeyFailures.ofCrypto(e, key.keyArn(), key.xksKeyId(), "Encrypt");
        }
        return new XksCiphertext(innerIv, outer).toBytes();
    }

    @Override
    public byte[] decrypt(BackingKey key, byte[] sealed, byte[] aad, CryptoRequest request) {
        XksCiphertext ciphertext;
        try {
            ciphertext = XksCiphertext.parse(sealed);
        } catch (IllegalArgumentException e) {
            throw XksKeyFailures.unusable(key.keyArn(), "Decrypt", "The ciphertext is malformed: " + e.getMessage()
                    + ".");
        }
        checkOpen(key);
        byte[] innerCiphertextAndTag;
        try {
            innerCiphertextAndTag = metrics.timed("Decrypt", request.kmsOperation(), () -> client.decrypt(proxy,
                    credential, key.xksKeyId(), ciphertext.outer(), sha256(aad), metadata(request, key)));
        } catch (XksProxyException e) {
            throw XksKeyFailures.ofCrypto(e, key.keyArn(), key.xksKeyId(), "Decrypt");
        }
        byte[] inner = Arrays.copyOf(ciphertext.innerIv(), XksCiphertext.INNER_IV_BYTES + innerCiphertextAndTag.length);
        System.arraycopy(innerCiphertextAndTag, 0, inner, XksCiphertext.INNER_IV_BYTES, innerCiphertextAndTag.length);
        return withMaterial(key, "Decrypt", material -> {
            try {
                return Aes256Gcm.open(material, inner, aad);
            } catch (AEADBadTagException e) {
                throw XksKeyFailures.unusable(key.keyArn(), "Decrypt", "The ciphertext or its encryption context is"
                        + " corrupted, or the ciphertext was encrypted under another KMS key.");
            }
        });
    }

    /** The external key belongs to the customer; only Keyhold's inner key is destroyed. */
    @Override
    public void destroyKey(BackingKey key) {
        try {
            keyMaterial.destroy(key.materialRef());
            log.info("Destroyed the inner key material of {}", key.keyArn());
        } catch (RuntimeException e) {
            log.warn("Destroying the inner key material of {} failed: {}", key.keyArn(), e.toString());
        }
    }

    @Override
    public byte[] generateRandom(int numberOfBytes) {
        throw new UnsupportedOperationException("GenerateRandom does not support external key stores. Specify the"
                + " CustomKeyStoreId of an AWS CloudHSM key store, or none.");
    }

    /** Later operations fail as for a disconnected store; the proxy API itself holds no session. */
    void close() {
        closed = true;
    }

    private <T> T withMaterial(BackingKey key, String operation, Function<byte[], T> use) {
        checkOpen(key);
        byte[] material;
        try {
            material = keyMaterial.reveal(key.materialRef());
        } catch (NoSuchElementException e) {
            throw XksKeyFailures.unusable(key.keyArn(), operation, "Its key material in KMS has been deleted.");
        }
        try {
            return use.apply(material);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    private void checkOpen(BackingKey key) {
        if (closed) {
            throw new KMSInvalidStateException(key.keyArn() + " is unavailable.");
        }
    }

    private static XksRequestMetadata metadata(CryptoRequest request, BackingKey key) {
        return new XksRequestMetadata(request.requestId(), request.kmsOperation(), request.principalArn(), key.keyArn());
    }

    private static byte[] sha256(byte[] aad) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(aad == null ? new byte[0] : aad);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "XksKeyBackend[" + proxy.uriEndpoint() + proxy.uriPath() + "]";
    }
}
