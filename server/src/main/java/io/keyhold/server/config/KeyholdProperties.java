package io.keyhold.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Keyhold's own settings ({@code keyhold.*}); every default works on a fresh machine.
 *
 * @param region         the AWS Region this server stands for, in key and alias ARNs
 * @param nodeId         this node's name among the nodes sharing one database (default: the JVM's pid@host)
 * @param dataDir        where the embedded database, the master key and cluster files live
 * @param masterKeyFile  the 256-bit key that encrypts credentials at rest; generated when missing
 * @param credentials    access keys callers sign with, and the account each belongs to
 * @param clusters       HSM clusters by cluster id
 * @param connectTimeout how long a connection attempt may take before it fails
 * @param xks            how Keyhold reaches XKS proxies
 */
@ConfigurationProperties("keyhold")
public record KeyholdProperties(
        @DefaultValue("us-east-1") String region,
        String nodeId,
        @DefaultValue("./data") Path dataDir,
        Path masterKeyFile,
        List<Credential> credentials,
        Map<String, Cluster> clusters,
        @DefaultValue("60s") Duration connectTimeout,
        @DefaultValue Xks xks) {

    public KeyholdProperties {
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        clusters = clusters == null ? Map.of() : Map.copyOf(clusters);
    }

    public Path resolvedMasterKeyFile() {
        return masterKeyFile != null ? masterKeyFile : dataDir.resolve("master.key");
    }

    /**
     * The XKS proxy client. {@code endpointOverrides} maps an endpoint's host name to the
     * host:port to connect to instead of host:443 (local runs, tests); {@code vpcEndpointServices}
     * maps a VPC endpoint service name to the host:port standing for its interface endpoint. TLS
     * always verifies the endpoint's own host name. {@code trustedCaFile} (PEM) replaces the JDK's
     * trusted CAs; {@code clientCertificateFile} (PKCS#12) is presented to proxies that ask for mTLS.
     */
    public record Xks(@DefaultValue("us-east-1") String region,
                      @DefaultValue("250ms") Duration timeout,
                      Map<String, String> endpointOverrides,
                      Map<String, String> vpcEndpointServices,
                      Path trustedCaFile,
                      Path clientCertificateFile,
                      String clientCertificatePassword,
                      @DefaultValue("5m") Duration healthCheckInterval) {

        public Xks {
            endpointOverrides = endpointOverrides == null ? Map.of() : Map.copyOf(endpointOverrides);
            vpcEndpointServices = vpcEndpointServices == null ? Map.of() : Map.copyOf(vpcEndpointServices);
        }

        @Override
        public String toString() {
            return "Xks[region=" + region + ", timeout=" + timeout + ", endpointOverrides=" + endpointOverrides
                    + ", vpcEndpointServices=" + vpcEndpointServices + ", trustedCaFile=" + trustedCaFile
                    + ", clientCertificateFile=" + clientCertificateFile + "]";
        }
    }

    /**
     * An access key; {@code principal} is the IAM user name the account's ARN is built from, or
     * {@code root}; {@code policies} are the principal's identity policies (JSON), see README
     * "Authorization". A temporary credential also has a {@code sessionToken}, required with every
     * request, and is refused from {@code expiresAt} on.
     */
    public record Credential(String accessKeyId, String secretAccessKey, String accountId,
                             @DefaultValue("root") String principal, String sessionToken, Instant expiresAt,
                             List<String> policies) {

        public Credential {
            policies = policies == null ? List.of() : List.copyOf(policies);
        }

        public String principalArn() {
            return principal.equals("root")
                    ? "arn:aws:iam::" + accountId + ":root"
                    : "arn:aws:iam::" + accountId + ":user/" + principal;
        }

        @Override
        public String toString() {
            return "Credential[accessKeyId=" + accessKeyId + ", accountId=" + accountId + ", principal=" + principal
                    + ", temporary=" + (sessionToken != null) + ", expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * An HSM cluster: a PKCS#11 token when {@code pkcs11} is set, else the built-in software
     * cluster. {@code hsms}, {@code availabilityZones} and {@code active} are the facts a token
     * cannot tell; {@code ownerAccountId} confines the cluster to one account, as a CloudHSM
     * cluster belongs to one.
     */
    public record Cluster(@DefaultValue("kmsuser-password") String initialKmsUserPassword,
                          @DefaultValue("2") int hsms,
                          @DefaultValue("2") int availabilityZones,
                          @DefaultValue("true") boolean active,
                          String ownerAccountId,
                          Pkcs11 pkcs11) {

        @Override
        public String toString() {
            return "Cluster[hsms=" + hsms + ", availabilityZones=" + availabilityZones + ", active=" + active
                    + ", ownerAccountId=" + ownerAccountId + ", pkcs11=" + pkcs11 + "]";
        }
    }

    /**
     * A cluster reached through a PKCS#11 library: the token is found by its label, kmsuser's
     * password is the token's user PIN, and {@code clusterCertificateFile} is the cluster
     * certificate (PEM) that the customer's trust anchor signed; {@code sessionPoolSize} is how
     * many sessions key operations on the token may use at once.
     */
    public record Pkcs11(Path library, String tokenLabel, Path clusterCertificateFile,
                         @DefaultValue("8") int sessionPoolSize) {
    }
}
