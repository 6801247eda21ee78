package io.keyhold.api.keystore;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateCustomKeyStoreCommand(
        @TargetAggregateIdentifier String customKeyStoreId,
        String accountId,
        String customKeyStoreName,
        CustomKeyStoreType customKeyStoreType,
        String cloudHsmClusterId,
        String trustAnchorCertificate,
        Secret keyStorePassword,
        String xksProxyUriEndpoint,
        String xksProxyUriPath,
        XksProxyConnectivity xksProxyConnectivity,
        String xksProxyVpcEndpointServiceName,
        String xksProxyVpcEndpointServiceOwner,
        XksProxyCredential xksProxyCredential) {
}
