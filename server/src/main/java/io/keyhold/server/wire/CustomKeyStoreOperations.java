package io.keyhold.server.wire;

import static io.keyhold.server.wire.WireJson.JSON;
import static io.keyhold.server.wire.WireJson.enumValue;
import static io.keyhold.server.wire.WireJson.epochSeconds;
import static io.keyhold.server.wire.WireJson.putIfPresent;
import static io.keyhold.server.wire.WireJson.text;

import io.keyhold.api.keystore.ConnectCustomKeyStoreCommand;
import io.keyhold.api.keystore.CreateCustomKeyStoreCommand;
import io.keyhold.api.keystore.CustomKeyStorePage;
import io.keyhold.api.keystore.CustomKeyStoreSummary;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.DeleteCustomKeyStoreCommand;
import io.keyhold.api.keystore.DisconnectCustomKeyStoreCommand;
import io.keyhold.api.keystore.FetchCustomKeyStoresQuery;
import io.keyhold.api.keystore.Secret;
import io.keyhold.api.keystore.UpdateCustomKeyStoreCommand;
import io.keyhold.api.keystore.XksProxyConnectivity;
import io.keyhold.api.keystore.XksProxyCredential;
import io.keyhold.api.keystore.XksProxySettings;
import io.keyhold.server.identity.Caller;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The six custom key store operations on the wire: JSON members to commands and queries, views
 * to JSON. No KMS rule lives here; the aggregate and the query handler decide.
 */
@Component
public class CustomKeyStoreOperations implements KmsOperations {

    private static final int DEFAULT_LIMIT = 1000;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final SecureRandom random = new SecureRandom();

    public CustomKeyStoreOperations(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @Override
    public Map<String, KmsOperation> operations() {
        return Map.of(
                "CreateCustomKeyStore", this::create,
                "ConnectCustomKeyStore", (request, caller, metadata) -> send(
                        new ConnectCustomKeyStoreCommand(text(request, "CustomKeyStoreId"), caller.accountId()), metadata),
                "DisconnectCustomKeyStore", (request, caller, metadata) -> send(
                        new DisconnectCustomKeyStoreCommand(text(request, "CustomKeyStoreId"), caller.accountId()), metadata),
                "DeleteCustomKeyStore", (request, caller, metadata) -> send(
                        new DeleteCustomKeyStoreCommand(text(request, "CustomKeyStoreId"), caller.accountId()), metadata),
                "UpdateCustomKeyStore", this::update,
                "DescribeCustomKeyStores", this::describe);
    }

    private JsonNode create(JsonNode request, Caller caller, MetaData metadata) {
        String storeId = "cks-" + HexFormat.of().formatHex(randomBytes()).substring(0, 17);
        String type = text(request, "CustomKeyStoreType");
        send(new CreateCustomKeyStoreCommand(storeId, caller.accountId(), text(request, "CustomKeyStoreName"),
                type == null ? null : CustomKeyStoreType.valueOf(type),
                text(request, "CloudHsmClusterId"), text(request, "TrustAnchorCertificate"),
                Secret.ofNullable(text(request, "KeyStorePassword")),
                text(request, "XksProxyUriEndpoint"), text(request, "XksProxyUriPath"),
                enumValue(request, "XksProxyConnectivity", XksProxyConnectivity::valueOf),
                text(request, "XksProxyVpcEndpointServiceName"), text(request, "XksProxyVpcEndpointServiceOwner"),
                credential(request)), metadata);
        return JSON.objectNode().put("CustomKeyStoreId", storeId);
    }

    private JsonNode update(JsonNode request, Caller caller, MetaData metadata) {
        return send(new UpdateCustomKeyStoreCommand(text(request, "CustomKeyStoreId"), caller.accountId(),
                text(request, "NewCustomKeyStoreName"), Secret.ofNullable(text(request, "KeyStorePassword")),
                text(request, "CloudHsmClusterId"), text(request, "XksProxyUriEndpoint"),
                text(request, "XksProxyUriPath"), text(request, "XksProxyVpcEndpointServiceName"),
                text(request, "XksProxyVpcEndpointServiceOwner"), credential(request),
                enumValue(request, "XksProxyConnectivity", XksProxyConnectivity::valueOf)), metadata);
    }

    private JsonNode describe(JsonNode request, Caller caller, MetaData metadata) {
        JsonNode limit = request.get("Limit");
        FetchCustomKeyStoresQuery query = new FetchCustomKeyStoresQuery(caller.accountId(),
                text(request, "CustomKeyStoreId"), text(request, "CustomKeyStoreName"),
                limit == null || limit.isNull() ? DEFAULT_LIMIT : limit.intValue(), text(request, "Marker"));
        CustomKeyStorePage page = queries.query(query, CustomKeyStorePage.class).join();
        ObjectNode response = JSON.objectNode();
        ArrayNode stores = response.putArray("CustomKeyStores");
        page.customKeyStores().forEach(store -> stores.add(entry(store)));
        if (page.truncated()) {
            response.put("NextMarker", page.nextMarker());
        }
        response.put("Truncated", page.truncated());
        return response;
    }

    private static ObjectNode entry(CustomKeyStoreSummary store) {
        ObjectNode entry = JSON.objectNode()
                .put("CustomKeyStoreId", store.customKeyStoreId())
                .put("CustomKeyStoreName", store.customKeyStoreName())
                .put("CustomKeyStoreType", store.customKeyStoreType().name())
                .put("ConnectionState", store.connectionState().name());
        if (store.connectionErrorCode() != null) {
            entry.put("ConnectionErrorCode", store.connectionErrorCode().name());
        }
        entry.put("CreationDate", epochSeconds(store.creationDate()));
        putIfPresent(entry, "CloudHsmClusterId", store.cloudHsmClusterId());
        putIfPresent(entry, "TrustAnchorCertificate", store.trustAnchorCertificate());
        XksProxySettings xks = store.xksProxy();
        if (xks != null) {
            ObjectNode configuration = entry.putObject("XksProxyConfiguration")
                    .put("Connectivity", xks.connectivity().name())
                    .put("AccessKeyId", xks.accessKeyId())
                    .put("UriEndpoint", xks.uriEndpoint())
                    .put("UriPath", xks.uriPath());
            putIfPresent(configuration, "VpcEndpointServiceName", xks.vpcEndpointServiceName());
            putIfPresent(configuration, "VpcEndpointServiceOwner", xks.vpcEndpointServiceOwner());
        }
        return entry;
    }

    /** Commands whose KMS response is empty. */
    private JsonNode send(Object command, MetaData metadata) {
        WireJson.send(commands, command, metadata);
        return JSON.objectNode();
    }

    private static XksProxyCredential credential(JsonNode request) {
        JsonNode credential = request.get("XksProxyAuthenticationCredential");
        if (credential == null || credential.isNull()) {
            return null;
        }
        return new XksProxyCredential(text(credential, "AccessKeyId"),
                Secret.ofNullable(text(credential, "RawSecretAccessKey")));
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[9];
        random.nextBytes(bytes);
        return bytes;
    }
}
