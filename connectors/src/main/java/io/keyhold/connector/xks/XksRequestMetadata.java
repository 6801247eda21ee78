package io.keyhold.connector.xks;

/**
 * The {@code requestMetadata} object of every proxy request (connectors.md A.3). Null members are
 * left out of the JSON. GetHealthStatus needs the request id and operation, GetKeyMetadata also the
 * principal, Encrypt and Decrypt also the KMS key ARN.
 */
public record XksRequestMetadata(String kmsRequestId, String kmsOperation, String awsPrincipalArn, String kmsKeyArn) {
}
