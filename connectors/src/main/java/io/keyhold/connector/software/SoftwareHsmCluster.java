package io.keyhold.connector.software;

import io.keyhold.api.keystore.ConnectionErrorCode;
import io.keyhold.connector.ConnectionFailedException;
import io.keyhold.connector.ConnectorSession;
import io.keyhold.connector.hsm.HsmCluster;
import io.keyhold.connector.hsm.HsmClusterInfo;
import io.keyhold.connector.hsm.HsmSession;
import io.keyhold.connector.hsm.KmsUserPasswords;
import io.keyhold.connector.key.KeyMaterialStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The built-in HSM cluster: its certificates and kmsuser live in the Keyhold database (shared by
 * every node), kmsuser's password only as a salted hash, its keys in the {@link KeyMaterialStore}.
 * Failed logins are counted by the KmsUserLockout that wraps every cluster.
 */
public class SoftwareHsmCluster implements HsmCluster {

    private static final Logger log = LoggerFactory.getLogger(SoftwareHsmCluster.class);
    private static final String KMS_USER = "kmsuser";

    private final SoftwareHsmClusterSettings settings;
    private final JdbcClient jdbc;
    private final KeyMaterialStore keyMaterial;
    private volatile String clusterCertificatePem;

    public SoftwareHsmCluster(SoftwareHsmClusterSettings settings, JdbcClient jdbc, KeyMaterialStore keyMaterial) {
        this.settings = settings;
        this.jdbc = jdbc;
        this.keyMaterial = keyMaterial;
    }

    /**
     * Creates the cluster's certificates and kmsuser on first start (whichever node gets there
     * first wins) and writes the trust anchor to {@code clusterDir/customerCA.crt}.
     */
    public void initialize(Path clusterDir) {
        if (findCertificates().isEmpty()) {
            ClusterCertificates.Issued issued = ClusterCertificates.issue(settings.clusterId());
            try {
                jdbc.sql("insert into software_hsm_cluster (cluster_id, trust_anchor_pem, cluster_certificate_pem) "
                                + "values (?, ?, ?)")
                        .params(settings.clusterId(), issued.trustAnchorPem(), issued.clusterCertificatePem())
                        .update();
                jdbc.sql("insert into software_hsm_user (cluster_id, user_name, password_hash) values (?, ?, ?)")
                        .params(settings.clusterId(), KMS_USER, PasswordHashes.hash(settings.initialKmsUserPassword()))
                        .update();
                log.info("Initialised software HSM cluster {}", settings.clusterId());
            } catch (DuplicateKeyException concurrentInitialisation) {
                log.debug("Software HSM cluster {} was initialised by another node", settings.clusterId());
            }
        }
        ClusterCertificates.Issued stored = findCertificates().orElseThrow();
        clusterCertificatePem = stored.clusterCertificatePem();
        writeTrustAnchor(clusterDir, stored.trustAnchorPem());
    }

    private Optional<ClusterCertificates.Issued> findCertificates() {
        return jdbc.sql("select trust_anchor_pem, cluster_certificate_pem from software_hsm_cluster where cluster_id = ?")
                .param(settings.clusterId())
                .query((rs, row) -> new ClusterCertificates.Issued(rs.getString(1), rs.getString(2)))
                .optional();
    }

    private static void writeTrustAnchor(Path clusterDir, String pem) {
        try {
            Files.createDirectories(clusterDir);
            Files.writeString(clusterDir.resolve("customerCA.crt"), pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trust anchor of the software HSM cluster", e);
        }
    }

    @Override
    public String clusterId() {
        return settings.clusterId();
    }

    @Override
    public HsmClusterInfo describe() {
        return HsmClusterInfo.declared(settings.clusterId(), settings.active(), settings.hsms(),
                settings.availabilityZones(), clusterCertificatePem, settings.ownerAccountId());
    }

    @Override
    public ConnectorSession loginAndRotate(String password) throws ConnectionFailedException {
        logIn(password);
        String rotated = KmsUserPasswords.next();
        setKmsUserPassword(rotated);
        return new SoftwareHsmSession(rotated);
    }

    @Override
    public ConnectorSession attach(String password) throws ConnectionFailedException {
        logIn(password);
        return new SoftwareHsmSession(null);
    }

    private void logIn(String password) throws ConnectionFailedException {
        String hash = jdbc.sql("select password_hash from software_hsm_user where cluster_id = ? and user_name = ?")
                .params(settings.clusterId(), KMS_USER)
                .query(String.class)
                .optional()
                .orElseThrow(() -> new ConnectionFailedException(ConnectionErrorCode.USER_NOT_FOUND,
                        "no kmsuser in cluster " + settings.clusterId()));
        if (password == null || !PasswordHashes.matches(password, hash)) {
            throw new ConnectionFailedException(ConnectionErrorCode.INVALID_CREDENTIALS,
                    "kmsuser login to cluster " + settings.clusterId() + " failed");
        }
    }

    /** Sets kmsuser's password as a cluster administrator would (CMU changePswd). */
    public void setKmsUserPassword(String password) {
        jdbc.sql("update software_hsm_user set password_hash = ? where cluster_id = ? and user_name = ?")
                .params(PasswordHashes.hash(password), settings.clusterId(), KMS_USER)
                .update();
    }


    /** Nothing is held open: the software cluster runs in-process. Closing it ends its key operations. */
    private final class SoftwareHsmSession extends HsmSession {

        private final SoftwareHsmKeyOperations keys;

        /** {@code rotated} is null for a session that logged in without rotating the password. */
        SoftwareHsmSession(String rotated) {
            this(new SoftwareHsmKeyOperations(clusterId(), keyMaterial), rotated);
        }

        private SoftwareHsmSession(SoftwareHsmKeyOperations keys, String rotated) {
            super(SoftwareHsmCluster.this, keys, rotated);
            this.keys = keys;
        }

        @Override
        public void close() {
            keys.close();
        }

        @Override
        public String toString() {
            return "SoftwareHsmSession[****]";
        }
    }
}
