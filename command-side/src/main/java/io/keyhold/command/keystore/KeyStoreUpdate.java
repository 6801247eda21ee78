package io.keyhold.command.keystore;

import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.Secret;
import io.keyhold.api.keystore.UpdateCustomKeyStoreCommand;
import io.keyhold.api.keystore.XksProxyConnectivity;
import io.keyhold.api.keystore.XksProxyCredential;
import io.keyhold.api.keystore.XksProxySettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The members an UpdateCustomKeyStore call sets, checked against the store type and sorted into
 * those allowed while CONNECTED and those that need DISCONNECTED (kms-api.md 3.5).
 */
final class KeyStoreUpdate {

    private final UpdateCustomKeyStoreCommand command;
    private final List<String> members = new ArrayList<>();
    private final List<String> disconnectedOnly = new ArrayList<>();

    private KeyStoreUpdate(UpdateCustomKeyStoreCommand command) {
        this.command = command;
    }

    static KeyStoreUpdate of(CustomKeyStoreType type, UpdateCustomKeyStoreCommand command) {
        KeyStoreUpdate update = new KeyStoreUpdate(command);
        update.member("NewCustomKeyStoreName", command.newCustomKeyStoreName(), false);
        update.member("KeyStorePassword", command.keyStorePassword(), true);
        update.member("CloudHsmClusterId", command.cloudHsmClusterId(), true);
        update.member("XksProxyUriEndpoint", command.xksProxyUriEndpoint(), true);
        update.member("XksProxyUriPath", command.xksProxyUriPath(), false);
        update.member("XksProxyVpcEndpointServiceName", command.xksProxyVpcEndpointServiceName(), true);
        update.member("XksProxyVpcEndpointServiceOwner", command.xksProxyVpcEndpointServiceOwner(), true);
        update.member("XksProxyAuthenticationCredential", command.xksProxyCredential(), false);
        update.member("XksProxyConnectivity", command.xksProxyConnectivity(), true);

        List<String> problems = new ArrayList<>();
        for (String member : update.members) {
            boolean cloudHsmOnly = member.equals("KeyStorePassword") || member.equals("CloudHsmClusterId");
            boolean xksOnly = member.startsWith("Xks");
            if ((type == CustomKeyStoreType.AWS_CLOUDHSM && xksOnly)
                    || (type == CustomKeyStoreType.EXTERNAL_KEY_STORE && cloudHsmOnly)) {
                problems.add(member + " is not valid for a custom key store of type " + type);
            }
        }
        if (!problems.isEmpty()) {
            throw KeyStoreRules.validation(problems);
        }
        return update;
    }

    private void member(String name, Object value, boolean needsDisconnected) {
        if (value != null) {
            members.add(name);
            if (needsDisconnected) {
                disconnectedOnly.add(name);
            }
        }
    }

    boolean isEmpty() {
        return members.isEmpty();
    }

    boolean needsDisconnected() {
        return !disconnectedOnly.isEmpty();
    }

    String disconnectedOnlyMembers() {
        return String.join(", ", disconnectedOnly);
    }

    /** The new kmsuser password or XKS secret access key, if the call sets one. */
    Optional<String> newSecret() {
        if (command.keyStorePassword() != null) {
            return Optional.of(command.keyStorePassword().value());
        }
        return Optional.ofNullable(command.xksProxyCredential()).map(XksProxyCredential::secretAccessKey).map(Secret::value);
    }

    /** The proxy settings after this update, enforcing the connectivity-switch rules. */
    XksProxySettings applyTo(XksProxySettings current, String accountId) {
        XksProxyConnectivity connectivity = command.xksProxyConnectivity() == null
                ? current.connectivity() : command.xksProxyConnectivity();
        boolean switching = connectivity != current.connectivity();
        List<String> problems = new ArrayList<>();
        if (switching && (command.xksProxyUriEndpoint() == null
                || command.xksProxyUriEndpoint().equals(current.uriEndpoint()))) {
            problems.add("Changing XksProxyConnectivity to " + connectivity + " requires a new XksProxyUriEndpoint");
        }
        String serviceName = null;
        String owner = null;
        if (connectivity == XksProxyConnectivity.VPC_ENDPOINT_SERVICE) {
            serviceName = command.xksProxyVpcEndpointServiceName() != null
                    ? command.xksProxyVpcEndpointServiceName() : (switching ? null : current.vpcEndpointServiceName());
            if (serviceName == null) {
                problems.add("XksProxyVpcEndpointServiceName is required when changing XksProxyConnectivity to VPC_ENDPOINT_SERVICE");
            }
            owner = command.xksProxyVpcEndpointServiceOwner() != null ? command.xksProxyVpcEndpointServiceOwner()
                    : (switching ? accountId : current.vpcEndpointServiceOwner());
        } else if (command.xksProxyVpcEndpointServiceName() != null || command.xksProxyVpcEndpointServiceOwner() != null) {
            problems.add("XksProxyVpcEndpointServiceName and XksProxyVpcEndpointServiceOwner are not valid with PUBLIC_ENDPOINT connectivity");
        }
        if (!problems.isEmpty()) {
            throw KeyStoreRules.validation(problems);
        }
        return new XksProxySettings(
                command.xksProxyUriEndpoint() != null ? command.xksProxyUriEndpoint() : current.uriEndpoint(),
                command.xksProxyUriPath() != null ? command.xksProxyUriPath() : current.uriPath(),
                connectivity, serviceName, owner,
                command.xksProxyCredential() != null ? command.xksProxyCredential().accessKeyId() : current.accessKeyId());
    }
}
