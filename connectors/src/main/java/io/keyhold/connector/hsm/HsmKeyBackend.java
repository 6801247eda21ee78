package io.keyhold.connector.hsm;

import io.keyhold.api.error.CloudHsmClusterInvalidConfigurationException;
import io.keyhold.api.error.InvalidCiphertextException;
import io.keyhold.api.error.KMSInternalException;
import io.keyhold.api.error.KeyUnavailableException;
import io.keyhold.connector.key.BackingKey;
import io.keyhold.connector.key.CryptoRequest;
import io.keyhold.connector.key.KeyBackend;

import java.util.Arrays;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KMS keys of a CloudHSM key store: each an AES-256 key in the cluster labelled with its key
 * ARN, used through the session's {@link HsmKeyOperations}. A ciphertext is
 * {@code iv(12) ‖ ciphertext ‖ tag(16)}, the IV and tag as the HSM's AES-GCM produced them.
 */
public final class HsmKeyBackend implements KeyBackend {

    private static final Logger log = LoggerFactory.getLogger(HsmKeyBackend.class);
    private static final int IV_BYTES = 12;
    private static final int TAG_BYTES = 16;
    /** CloudHSM's rule for CreateKey (connectors.md B.5). */
    private static final int MINIMUM_HSMS = 2;

    private final HsmCluster cluster;
    private final HsmKeyOperations keys;

    /** {@code cluster} is asked for its HSMs as the store sees it (with any simulation applied). */
    public HsmKeyBackend(HsmCluster cluster, HsmKeyOperations keys) {
        this.cluster = cluster;
        this.keys = keys;
    }

    @Override
    public BackingKey createKey(String keyId, String keyArn, String xksKeyId, CryptoRequest request) {
        if (xksKeyId != null) {
            throw new IllegalArgumentException("a key in a CloudHSM key store has no external key");
        }
        HsmClusterInfo info = cluster.describe();
        if (info.activeHsms() < MINIMUM_HSMS || info.activeHsmAvailabilityZones() < MINIMUM_HSMS) {
            throw new CloudHsmClusterInvalidConfigurationException("The AWS CloudHSM cluster " + cluster.clusterId()
                    + " must contain at least " + MINIMUM_HSMS + " active HSMs, each in a different Availability Zone"
                    + " in the Region, to create a KMS key. It has " + info.activeHsms() + " active HSMs in "
                    + info.activeHsmAvailabilityZones() + " Availability Zones.");
        }
        try {
            keys.generateKey(keyArn);
        } catch (IllegalStateException e) {
            log.warn("Creating the HSM key of {} failed: {}", keyArn, e.getMessage());
            throw new KMSInternalException("KMS cannot create " + keyArn + ": the AWS CloudHSM cluster "
                    + cluster.clusterId() + " already holds a key with its label.");
        } catch (HsmOperationException e) {
            throw internal("create the key material of", keyArn, e);
        }
        return new BackingKey(keyId, keyArn, null, null);
    }

    @Override
    public byte[] encrypt(BackingKey key, byte[] plaintext, byte[] aad, CryptoRequest request) {
        GcmCiphertext ciphertext;
        try {
            ciphertext = keys.encrypt(key.keyArn(), plaintext, aad);
        } catch (HsmKeyNotFoundException e) {
            throw unavailable(key.keyArn());
        } catch (HsmOperationException e) {
            throw internal("encrypt with", key.keyArn(), e);
        }
        byte[] iv = ciphertext.iv();
        byte[] ciphertextAndTag = ciphertext.ciphertextAndTag();
        byte[] sealed = Arrays.copyOf(iv, iv.length + ciphertextAndTag.length);
        System.arraycopy(ciphertextAndTag, 0, sealed, iv.length, ciphertextAndTag.length);
        return sealed;
    }

    /** KMS answers a ciphertext that does not authenticate with InvalidCiphertextException and no message. */
    @Override
    public byte[] decrypt(BackingKey key, byte[] sealed, byte[] aad, CryptoRequest request) {
        if (sealed.length < IV_BYTES + TAG_BYTES) {
            throw new InvalidCiphertextException(null);
        }
        GcmCiphertext ciphertext = new GcmCiphertext(Arrays.copyOf(sealed, IV_BYTES),
                Arrays.copyOfRange(sealed, IV_BYTES, sealed.length));
        try {
            return keys.decrypt(key.keyArn(), ciphertext, aad);
        } catch (HsmCiphertextException e) {
            throw new InvalidCiphertextException(null);
        } catch (HsmKeyNotFoundException e) {
            throw unavailable(key.keyArn());
        } catch (HsmOperationException e) {
            throw internal("decrypt with", key.keyArn(), e);
        }
    }

    /** As KMS after a key's waiting period: a key that cannot be destroyed is logged, and left for an operator. */
    @Override
    public void destroyKey(BackingKey key) {
        try {
            keys.destroyKey(key.keyArn());
            log.info("Destroyed the HSM key of {} in cluster {}", key.keyArn(), cluster.clusterId());
        } catch (HsmKeyNotFoundException e) {
            log.info("The HSM key of {} was already gone from cluster {}", key.keyArn(), cluster.clusterId());
        } catch (HsmOperationException e) {
            log.warn("Destroying the HSM key of {} failed; remove it from cluster {} by hand: {}", key.keyArn(),
                    cluster.clusterId(), e.getMessage());
        }
    }

    @Override
    public byte[] generateRandom(int numberOfBytes) {
        try {
            return keys.generateRandom(numberOfBytes);
        } catch (HsmOperationException e) {
            log.warn("Generating random bytes in cluster {} failed: {}", cluster.clusterId(), e.getMessage());
            throw new KMSInternalException(e instanceof NoFreeHsmSessionException
                    ? noFreeSession("generate random bytes")
                    : "KMS cannot generate random bytes in the AWS CloudHSM cluster " + cluster.clusterId() + ".");
        }
    }

    private KeyUnavailableException unavailable(String keyArn) {
        return new KeyUnavailableException(keyArn + " is unavailable because its key material in the AWS CloudHSM"
                + " cluster " + cluster.clusterId() + " cannot be found.");
    }

    private KMSInternalException internal(String what, String keyArn, HsmOperationException e) {
        log.warn("Cannot {} {}: {}", what, keyArn, e.getMessage());
        return new KMSInternalException(e instanceof NoFreeHsmSessionException
                ? noFreeSession(what + " " + keyArn)
                : "KMS cannot " + what + " " + keyArn + ": the AWS CloudHSM cluster " + cluster.clusterId()
                        + " failed the operation.");
    }

    private String noFreeSession(String what) {
        return "KMS cannot " + what + " because no PKCS#11 session to the AWS CloudHSM cluster " + cluster.clusterId()
                + " is free. Retry the request with exponential backoff.";
    }

    @Override
    public String toString() {
        return "HsmKeyBackend[" + cluster.clusterId() + "]";
    }
}
