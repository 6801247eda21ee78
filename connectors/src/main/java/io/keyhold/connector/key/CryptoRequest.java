package io.keyhold.connector.key;

import java.util.Objects;

/**
 * The KMS request a key operation serves, as an XKS proxy's {@code requestMetadata} reports it:
 * the KMS API ({@code CreateKey}, {@code Encrypt}, {@code GenerateDataKey}, …), its request id and
 * the caller's ARN.
 */
public record CryptoRequest(String kmsOperation, String requestId, String principalArn) {

    public CryptoRequest {
        Objects.requireNonNull(kmsOperation, "kmsOperation");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(principalArn, "principalArn");
    }
}
