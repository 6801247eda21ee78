package io.keyhold.xksproxy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The JSON bodies of successful responses, field names as in the XKS proxy API v1. */
public sealed interface XksResponse {

    record HealthStatus(int xksProxyFleetSize, String xksProxyVendor, String xksProxyModel, String ekmVendor,
            List<EkmFleetDetail> ekmFleetDetails) implements XksResponse {
    }

    record EkmFleetDetail(String id, String model, String healthStatus) {
    }

    record KeyMetadata(String keySpec, List<String> keyUsage, String keyStatus) implements XksResponse {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Encrypted(String ciphertext, String ciphertextMetadata, String initializationVector,
            String authenticationTag, String ciphertextDataIntegrityValue) implements XksResponse {
    }

    record Decrypted(String plaintext) implements XksResponse {
    }
}
