package io.keyhold.api.keystore;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Every member but the id and account is optional: null means "leave unchanged". */
public record UpdateCustomKeyStoreCommand(
        @TargetAggregateIdentifier String customKeyStoreId,
        String accountId,
        String newCustomKeyStoreName,
        Secret keyStorePassword,
        String cloudHsmClusterId,
        String xksProxyUriEndpoint,
        String xksProxyUriPath,
        String xksProxyVpcEndpointServiceName,
        String xksProxyVpcEndpointServiceOwner,
        XksProxyCredential xksProxyCredential,
        XksProxyConnectivity xksProxyConnectivity) {
}
