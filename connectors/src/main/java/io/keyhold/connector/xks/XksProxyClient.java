package io.keyhold.connector.xks;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Calls the four APIs of the XKS proxy API (connectors.md A.4) as KMS does: SigV4-signed JSON over
 * HTTPS, each call bounded by the configured timeout, every answer validated before it is returned.
 * Thread-safe; one instance serves all proxies and reuses connections.
 */
public final class XksProxyClient implements AutoCloseable {

    private static final String ENCRYPTION_ALGORITHM = "AES_GCM";
    private static final String CDIV_ALGORITHM = "SHA_256";
    private static final Set<String> EKM_HEALTH_STATES = Set.of("ACTIVE", "DEGRADED", HealthStatus.UNAVAILABLE);
    private static final int MIN_EKMS = 1;
    private static final int MAX_EKMS = 10;
    private static final int MAX_KEY_USAGES = 10;
    private static final int MAX_CIPHERTEXT_METADATA_BYTES = 20;
    private static final int TAG_BYTES = 16;
    private static final int CDIV_BYTES = 32;
    private static final Pattern EXTERNAL_KEY_ID = Pattern.compile("[a-zA-Z0-9._-]{1,128}");

    private final XksTransport transport;

    public XksProxyClient(XksClientSettings settings) {
        this.transport = new XksTransport(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Asks the proxy for its health; fails with ALL_EKMS_UNAVAILABLE when no external key manager
     * can serve.
     */
    public HealthStatus getHealthStatus(XksProxyTarget target, XksCredential credential, XksRequestMetadata metadata)
            throws XksProxyException {
        XksCall call = call(target, "GetHealthStatus", metadata, false, false);
        ResponseFields answer = post(call, credential, "/health", XksJson.request(metadata));
        int fleetSize = answer.positiveInt("xksProxyFleetSize");
        String proxyVendor = answer.text("xksProxyVendor");
        String proxyModel = answer.text("xksProxyModel");
        String ekmVendor = answer.text("ekmVendor");
        List<EkmInstance> ekms = new ArrayList<>();
        for (ResponseFields ekm : answer.objects("ekmFleetDetails", MIN_EKMS, MAX_EKMS)) {
            ekms.add(new EkmInstance(ekm.text("id"), ekm.text("model"), ekm.oneOf("healthStatus", EKM_HEALTH_STATES)));
        }
        HealthStatus health = new HealthStatus(fleetSize, proxyVendor, proxyModel, ekmVendor, ekms);
        if (health.allUnavailable()) {
            throw new XksProxyException(XksFailure.ALL_EKMS_UNAVAILABLE,
                    call.proxy() + " reports every external key manager instance UNAVAILABLE.");
        }
        return health;
    }

    public KeyMetadata getKeyMetadata(XksProxyTarget target, XksCredential credential, String externalKeyId,
                                      XksRequestMetadata metadata) throws XksProxyException {
        XksCall call = call(target, "GetKeyMetadata", metadata, true, false);
        ResponseFields answer = post(call, credential, keyResource(externalKeyId, "metadata"),
                XksJson.request(metadata));
        return new KeyMetadata(answer.text("keySpec"), answer.texts("keyUsage", MAX_KEY_USAGES),
                answer.text("keyStatus"));
    }

    /**
     * Encrypts with AES-GCM in the external key manager, always asking for the ciphertext data
     * integrity value and checking it against what came back.
     *
     * @param additionalAuthenticatedData null or empty for none
     */
    public EncryptResult encrypt(XksProxyTarget target, XksCredential credential, String externalKeyId,
                                 byte[] plaintext, byte[] additionalAuthenticatedData, XksRequestMetadata metadata)
            throws XksProxyException {
        Objects.requireNonNull(plaintext, "plaintext");
        XksCall call = call(target, "Encrypt", metadata, true, true);
        byte[] aad = emptyToNull(additionalAuthenticatedData);
        ObjectNode request = XksJson.request(metadata);
        request.put("plaintext", XksJson.BASE64.encodeToString(plaintext));
        putBase64IfPresent(request, "additionalAuthenticatedData", aad);
        request.put("encryptionAlgorithm", ENCRYPTION_ALGORITHM);
        request.put("ciphertextDataIntegrityValueAlgorithm", CDIV_ALGORITHM);
        ResponseFields answer = post(call, credential, keyResource(externalKeyId, "encrypt"), request);

        byte[] ciphertext = answer.base64("ciphertext");
        if (ciphertext.length != plaintext.length) {
            throw call.invalidResponse("ciphertext is " + ciphertext.length + " bytes for " + plaintext.length
                    + " bytes of plaintext");
        }
        byte[] ciphertextMetadata = answer.optionalBase64("ciphertextMetadata");
        if (ciphertextMetadata != null && ciphertextMetadata.length > MAX_CIPHERTEXT_METADATA_BYTES) {
            throw call.invalidResponse("ciphertextMetadata is " + ciphertextMetadata.length
                    + " bytes, more than " + MAX_CIPHERTEXT_METADATA_BYTES);
        }
        byte[] iv = answer.base64("initializationVector");
        if (iv.length != 12 && iv.length != 16) {
            throw call.invalidResponse("initializationVector must be 12 or 16 bytes, got " + iv.length);
        }
        byte[] tag = answer.base64("authenticationTag");
        if (tag.length != TAG_BYTES) {
            throw call.invalidResponse("authenticationTag must be " + TAG_BYTES + " bytes, got " + tag.length);
        }
        byte[] integrityValue = answer.base64("ciphertextDataIntegrityValue");
        byte[] expected = CiphertextIntegrity.sha256(aad, ciphertextMetadata, iv, ciphertext, tag);
        if (integrityValue.length != CDIV_BYTES || !MessageDigest.isEqual(integrityValue, expected)) {
            throw call.invalidResponse("ciphertextDataIntegrityValue does not match the returned ciphertext");
        }
        return new EncryptResult(ciphertext, ciphertextMetadata, iv, tag);
    }

    /**
     * Decrypts what {@link #encrypt} returned, with the same additional authenticated data.
     *
     * @param additionalAuthenticatedData null or empty for none
     */
    public byte[] decrypt(XksProxyTarget target, XksCredential credential, String externalKeyId,
                          EncryptResult ciphertext, byte[] additionalAuthenticatedData, XksRequestMetadata metadata)
            throws XksProxyException {
        Objects.requireNonNull(ciphertext, "ciphertext");
        XksCall call = call(target, "Decrypt", metadata, true, true);
        ObjectNode request = XksJson.request(metadata);
        request.put("ciphertext", XksJson.BASE64.encodeToString(ciphertext.ciphertext()));
        putBase64IfPresent(request, "ciphertextMetadata", ciphertext.ciphertextMetadata());
        request.put("encryptionAlgorithm", ENCRYPTION_ALGORITHM);
        putBase64IfPresent(request, "additionalAuthenticatedData", emptyToNull(additionalAuthenticatedData));
        request.put("initializationVector", XksJson.BASE64.encodeToString(ciphertext.initializationVector()));
        request.put("authenticationTag", XksJson.BASE64.encodeToString(ciphertext.authenticationTag()));
        ResponseFields answer = post(call, credential, keyResource(externalKeyId, "decrypt"), request);

        byte[] plaintext = answer.base64("plaintext");
        if (plaintext.length != ciphertext.ciphertext().length) {
            throw call.invalidResponse("plaintext is " + plaintext.length + " bytes for "
                    + ciphertext.ciphertext().length + " bytes of ciphertext");
        }
        return plaintext;
    }

    @Override
    public void close() {
        transport.close();
    }

    private ResponseFields post(XksCall call, XksCredential credential, String resource, ObjectNode request)
            throws XksProxyException {
        Objects.requireNonNull(credential, "credential");
        return ResponseFields.parse(call, transport.post(call, credential, resource, request));
    }

    /** Checks the requestMetadata members the operation requires (connectors.md A.3). */
    private static XksCall call(XksProxyTarget target, String operation, XksRequestMetadata metadata,
                                boolean needsPrincipal, boolean needsKeyArn) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(metadata.kmsRequestId(), "requestMetadata.kmsRequestId");
        Objects.requireNonNull(metadata.kmsOperation(), "requestMetadata.kmsOperation");
        if (needsPrincipal) {
            Objects.requireNonNull(metadata.awsPrincipalArn(), "requestMetadata.awsPrincipalArn for " + operation);
        }
        if (needsKeyArn) {
            Objects.requireNonNull(metadata.kmsKeyArn(), "requestMetadata.kmsKeyArn for " + operation);
        }
        return new XksCall(target, operation, metadata);
    }

    private static String keyResource(String externalKeyId, String action) {
        Objects.requireNonNull(externalKeyId, "externalKeyId");
        // The id goes into the URI path, so only the XksKeyIdType characters may pass.
        if (!EXTERNAL_KEY_ID.matcher(externalKeyId).matches()) {
            throw new IllegalArgumentException("not an external key id: " + externalKeyId);
        }
        return "/keys/" + externalKeyId + "/" + action;
    }

    private static byte[] emptyToNull(byte[] bytes) {
        return bytes == null || bytes.length == 0 ? null : bytes;
    }

    private static void putBase64IfPresent(ObjectNode request, String field, byte[] value) {
        if (value != null) {
            request.put(field, XksJson.BASE64.encodeToString(value));
        }
    }
}
