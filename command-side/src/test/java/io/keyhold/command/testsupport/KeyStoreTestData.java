package io.keyhold.command.testsupport;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.api.keystore.ConnectionState;
import io.keyhold.api.keystore.ConnectionTarget;
import io.keyhold.api.keystore.CreateCustomKeyStoreCommand;
import io.keyhold.api.keystore.CustomKeyStoreCreated;
import io.keyhold.api.keystore.CustomKeyStoreType;
import io.keyhold.api.keystore.KeyStoreConnected;
import io.keyhold.api.keystore.KeyStoreConnecting;
import io.keyhold.api.keystore.KeyStoreConnectionFailed;
import io.keyhold.api.keystore.Secret;
import io.keyhold.api.keystore.UpdateCustomKeyStoreCommand;
import io.keyhold.api.keystore.XksProxyConnectivity;
import io.keyhold.api.keystore.XksProxyCredential;
import io.keyhold.api.keystore.XksProxySettings;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Identifiers, given-state event streams and command builders shared by the CustomKeyStore tests. */
public final class KeyStoreTestData {

    public static final String STORE_ID = "cks-0a1b2c3d4e5f60718";
    public static final String OTHER_STORE_ID = "cks-9f8e7d6c5b4a39281";
    public static final String ACCOUNT = "111122223333";
    public static final String OTHER_ACCOUNT = "444455556666";
    public static final String NAME = "hsm-store";
    public static final Instant CREATED_AT = Instant.parse("2024-01-02T03:04:05Z");

    public static final String CLUSTER_ID = "cluster-234abcdefABC";
    /** Shares the backup history (cluster certificate) of {@link #CLUSTER_ID}. */
    public static final String RELATED_CLUSTER_ID = "cluster-345bcdefgBCD";
    public static final String UNRELATED_CLUSTER_ID = "cluster-456cdefghCDE";
    public static final String UNKNOWN_CLUSTER_ID = "cluster-777zzzzzzZZZ";
    public static final String PASSWORD = "kmsuser-Passw0rd";
    public static final String INITIAL_REF = "ref-initial";
    public static final String ATTEMPT = "attempt-1";
    public static final String OTHER_ATTEMPT = "attempt-0";

    public static final String ENDPOINT = "https://xks.example.com";
    public static final String OTHER_ENDPOINT = "https://xks-2.example.com";
    public static final String PRIVATE_ENDPOINT = "https://xks-private.example.com";
    public static final String PATH = "/example/prefix/kms/xks/v1";
    public static final String OTHER_PATH = "/other/prefix/kms/xks/v1";
    public static final String ACCESS_KEY_ID = "ABCDEFGHIJKLMNOPQRST";
    public static final String OTHER_ACCESS_KEY_ID = "QRSTUVWXYZ234567ABCD";
    public static final String SECRET_ACCESS_KEY = "K3yh0ld-secret-access-key-0123456789abcd";
    public static final String VPC_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0abc123def4567890";
    public static final String OTHER_VPC_SERVICE = "com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0";
    public static final String VPC_OWNER = "999988887777";

    public static final XksProxySettings PUBLIC_XKS =
            new XksProxySettings(ENDPOINT, PATH, XksProxyConnectivity.PUBLIC_ENDPOINT, null, null, ACCESS_KEY_ID);
    public static final XksProxySettings VPC_XKS = new XksProxySettings(PRIVATE_ENDPOINT, PATH,
            XksProxyConnectivity.VPC_ENDPOINT_SERVICE, VPC_SERVICE, ACCOUNT, ACCESS_KEY_ID);

    private KeyStoreTestData() {
    }

    public static CustomKeyStoreCreated cloudHsmCreated() {
        return new CustomKeyStoreCreated(STORE_ID, ACCOUNT, NAME, CustomKeyStoreType.AWS_CLOUDHSM, CREATED_AT,
                CLUSTER_ID, TestCertificates.TRUST_ANCHOR, TestCertificates.fingerprint(TestCertificates.CLUSTER_CERTIFICATE),
                null, INITIAL_REF);
    }

    public static CustomKeyStoreCreated xksCreated(XksProxySettings xks) {
        return new CustomKeyStoreCreated(STORE_ID, ACCOUNT, NAME, CustomKeyStoreType.EXTERNAL_KEY_STORE, CREATED_AT,
                null, null, null, xks, INITIAL_REF);
    }

    public static CustomKeyStoreCreated created(CustomKeyStoreType type) {
        return type == CustomKeyStoreType.AWS_CLOUDHSM ? cloudHsmCreated() : xksCreated(PUBLIC_XKS);
    }

    public static ConnectionTarget target(CustomKeyStoreCreated created) {
        return new ConnectionTarget(created.customKeyStoreType(), created.cloudHsmClusterId(), created.xksProxy(),
                created.credentialRef());
    }

    public static KeyStoreConnecting connecting(CustomKeyStoreCreated created) {
        return new KeyStoreConnecting(STORE_ID, ACCOUNT, ATTEMPT, target(created));
    }

    /** The events that bring a freshly created store into {@code state} (DISCONNECTING is not reachable). */
    public static List<Object> historyIn(CustomKeyStoreCreated created, ConnectionState state) {
        List<Object> events = new ArrayList<>();
        events.add(created);
        switch (state) {
            case DISCONNECTED -> {
            }
            case CONNECTING -> events.add(connecting(created));
            case CONNECTED -> {
                events.add(connecting(created));
                events.add(new KeyStoreConnected(STORE_ID, ACCOUNT, ATTEMPT));
            }
            case FAILED -> {
                events.add(connecting(created));
                events.add(new KeyStoreConnectionFailed(STORE_ID, ACCOUNT, ATTEMPT, ConnectionErrorCode.NETWORK_ERRORS));
            }
            case DISCONNECTING -> throw new IllegalArgumentException(
                    "no event leads to DISCONNECTING: Disconnect goes straight to DISCONNECTED");
        }
        return events;
    }

    public static CreateBuilder createCloudHsm() {
        return new CreateBuilder().type(CustomKeyStoreType.AWS_CLOUDHSM).cloudHsmClusterId(CLUSTER_ID)
                .trustAnchorCertificate(TestCertificates.TRUST_ANCHOR).keyStorePassword(new Secret(PASSWORD));
    }

    public static CreateBuilder createXksPublic() {
        return new CreateBuilder().type(CustomKeyStoreType.EXTERNAL_KEY_STORE).xksProxyUriEndpoint(ENDPOINT)
                .xksProxyUriPath(PATH).xksProxyConnectivity(XksProxyConnectivity.PUBLIC_ENDPOINT)
                .xksProxyCredential(new XksProxyCredential(ACCESS_KEY_ID, new Secret(SECRET_ACCESS_KEY)));
    }

    public static CreateBuilder createXksVpc() {
        return createXksPublic().xksProxyUriEndpoint(PRIVATE_ENDPOINT)
                .xksProxyConnectivity(XksProxyConnectivity.VPC_ENDPOINT_SERVICE).xksProxyVpcEndpointServiceName(VPC_SERVICE);
    }

    public static UpdateBuilder update() {
        return new UpdateBuilder();
    }

    /** CreateCustomKeyStoreCommand with every member settable (null means "not sent"). */
    public static final class CreateBuilder {
        private String storeId = STORE_ID;
        private String accountId = ACCOUNT;
        private String name = NAME;
        private CustomKeyStoreType type;
        private String cloudHsmClusterId;
        private String trustAnchorCertificate;
        private Secret keyStorePassword;
        private String xksProxyUriEndpoint;
        private String xksProxyUriPath;
        private XksProxyConnectivity xksProxyConnectivity;
        private String xksProxyVpcEndpointServiceName;
        private String xksProxyVpcEndpointServiceOwner;
        private XksProxyCredential xksProxyCredential;

        public CreateBuilder storeId(String v) { storeId = v; return this; }
        public CreateBuilder accountId(String v) { accountId = v; return this; }
        public CreateBuilder name(String v) { name = v; return this; }
        public CreateBuilder type(CustomKeyStoreType v) { type = v; return this; }
        public CreateBuilder cloudHsmClusterId(String v) { cloudHsmClusterId = v; return this; }
        public CreateBuilder trustAnchorCertificate(String v) { trustAnchorCertificate = v; return this; }
        public CreateBuilder keyStorePassword(Secret v) { keyStorePassword = v; return this; }
        public CreateBuilder xksProxyUriEndpoint(String v) { xksProxyUriEndpoint = v; return this; }
        public CreateBuilder xksProxyUriPath(String v) { xksProxyUriPath = v; return this; }
        public CreateBuilder xksProxyConnectivity(XksProxyConnectivity v) { xksProxyConnectivity = v; return this; }
        public CreateBuilder xksProxyVpcEndpointServiceName(String v) { xksProxyVpcEndpointServiceName = v; return this; }
        public CreateBuilder xksProxyVpcEndpointServiceOwner(String v) { xksProxyVpcEndpointServiceOwner = v; return this; }
        public CreateBuilder xksProxyCredential(XksProxyCredential v) { xksProxyCredential = v; return this; }

        public CreateCustomKeyStoreCommand build() {
            return new CreateCustomKeyStoreCommand(storeId, accountId, name, type, cloudHsmClusterId,
                    trustAnchorCertificate, keyStorePassword, xksProxyUriEndpoint, xksProxyUriPath, xksProxyConnectivity,
                    xksProxyVpcEndpointServiceName, xksProxyVpcEndpointServiceOwner, xksProxyCredential);
        }
    }

    /** UpdateCustomKeyStoreCommand for {@link #STORE_ID} in {@link #ACCOUNT}; unset members are not sent. */
    public static final class UpdateBuilder {
        private String accountId = ACCOUNT;
        private String newName;
        private Secret keyStorePassword;
        private String cloudHsmClusterId;
        private String xksProxyUriEndpoint;
        private String xksProxyUriPath;
        private String xksProxyVpcEndpointServiceName;
        private String xksProxyVpcEndpointServiceOwner;
        private XksProxyCredential xksProxyCredential;
        private XksProxyConnectivity xksProxyConnectivity;

        public UpdateBuilder accountId(String v) { accountId = v; return this; }
        public UpdateBuilder newName(String v) { newName = v; return this; }
        public UpdateBuilder keyStorePassword(String v) { keyStorePassword = new Secret(v); return this; }
        public UpdateBuilder cloudHsmClusterId(String v) { cloudHsmClusterId = v; return this; }
        public UpdateBuilder xksProxyUriEndpoint(String v) { xksProxyUriEndpoint = v; return this; }
        public UpdateBuilder xksProxyUriPath(String v) { xksProxyUriPath = v; return this; }
        public UpdateBuilder xksProxyVpcEndpointServiceName(String v) { xksProxyVpcEndpointServiceName = v; return this; }
        public UpdateBuilder xksProxyVpcEndpointServiceOwner(String v) { xksProxyVpcEndpointServiceOwner = v; return this; }
        public UpdateBuilder xksProxyCredential(String accessKeyId, String secret) {
            xksProxyCredential = new XksProxyCredential(accessKeyId, new Secret(secret));
            return this;
        }
        public UpdateBuilder xksProxyConnectivity(XksProxyConnectivity v) { xksProxyConnectivity = v; return this; }

        public UpdateCustomKeyStoreCommand build() {
            return new UpdateCustomKeyStoreCommand(STORE_ID, accountId, newName, keyStorePassword, cloudHsmClusterId,
                    xksProxyUriEndpoint, xksProxyUriPath, xksProxyVpcEndpointServiceName, xksProxyVpcEndpointServiceOwner,
                    xksProxyCredential, xksProxyConnectivity);
        }
    }
}
