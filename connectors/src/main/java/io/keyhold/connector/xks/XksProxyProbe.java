package io.keyhold.connector.xks;

import io.keyhold.api.keystore.XksProxySettings;

/**
 * What KMS checks before it creates or updates an external key store: that a VPC endpoint service
 * exists, and that a public proxy answers a signed GetHealthStatus with the new settings.
 */
public interface XksProxyProbe {

    /**
     * @throws io.keyhold.api.error.KmsException of the XksProxy family, naming the cause
     */
    void check(XksProxySettings settings, String secretAccessKey, String requestId, String kmsOperation);
}
