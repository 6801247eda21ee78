package io.keyhold.xksproxy.api;

/** The four XKS proxy API v1 operations and the last segment of their URIs. */
public enum Operation {
    GET_HEALTH_STATUS("GetHealthStatus", "health"),
    GET_KEY_METADATA("GetKeyMetadata", "metadata"),
    ENCRYPT("Encrypt", "encrypt"),
    DECRYPT("Decrypt", "decrypt");

    private final String apiName;
    private final String uriSegment;

    Operation(String apiName, String uriSegment) {
        this.apiName = apiName;
        this.uriSegment = uriSegment;
    }

    public String apiName() {
        return apiName;
    }

    public String uriSegment() {
        return uriSegment;
    }
}
