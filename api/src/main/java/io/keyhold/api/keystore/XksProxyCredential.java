package io.keyhold.api.keystore;

/** The XKS proxy authentication credential as a caller supplies it. */
public record XksProxyCredential(String accessKeyId, Secret secretAccessKey) {
}
