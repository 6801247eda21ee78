package io.keyhold.connector.xks;

import java.util.List;

/** A validated GetHealthStatus answer. */
public record HealthStatus(
        int xksProxyFleetSize,
        String xksProxyVendor,
        String xksProxyModel,
        String ekmVendor,
        List<EkmInstance> ekmFleetDetails) {

    static final String UNAVAILABLE = "UNAVAILABLE";

    public HealthStatus {
        ekmFleetDetails = List.copyOf(ekmFleetDetails);
    }

    /** True when no external key manager can serve requests: KMS then treats the proxy as unreachable. */
    public boolean allUnavailable() {
        return !ekmFleetDetails.isEmpty()
                && ekmFleetDetails.stream().allMatch(ekm -> UNAVAILABLE.equals(ekm.healthStatus()));
    }
}
