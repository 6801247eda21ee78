package io.keyhold.connector.xks;

import java.util.Objects;

/** The XksProxyAuthenticationCredential KMS signs proxy requests with (SigV4, not an IAM credential). */
public record XksCredential(String accessKeyId, String secretAccessKey) {

    public XksCredential {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    }

    @Override
    public String toString() {
        return "XksCredential[accessKeyId=" + accessKeyId + ", secretAccessKey=***]";
    }
}
