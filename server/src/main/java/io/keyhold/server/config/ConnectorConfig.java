package io.keyhold.server.config;

import io.keyhold.connector.ConnectorSessions;
import io.keyhold.connector.KeyStoreConnector;
import io.keyhold.connector.hsm.CloudHsmConnector;
import io.keyhold.connector.hsm.ClusterSimulation;
import io.keyhold.connector.hsm.HsmCluster;
import io.keyhold.connector.hsm.HsmClusters;
import io.keyhold.connector.hsm.KmsUserLockout;
import io.keyhold.connector.hsm.SimulatedHsmCluster;
import io.keyhold.connector.key.JdbcKeyMaterialStore;
import io.keyhold.connector.key.KeyMaterialStore;
import io.keyhold.connector.key.MasterKeySealer;
import io.keyhold.connector.pkcs11.Pkcs11Cluster;
import io.keyhold.connector.pkcs11.Pkcs11ClusterSettings;
import io.keyhold.connector.software.SoftwareHsmCluster;
import io.keyhold.connector.software.SoftwareHsmClusterSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The HSM clusters declared under {@code keyhold.clusters}, the connectors that reach key stores,
 * and the key material Keyhold holds for their keys.
 */
@Configuration(proxyBeanMethods = false)
class ConnectorConfig {

    /** Built after Flyway, because the software clusters keep their state in the database. */
    @Bean
    @DependsOn("flywayInitializer")
    HsmClusters hsmClusters(KeyholdProperties properties, JdbcClient jdbc, ClusterSimulation simulation,
                            KmsUserLockout lockout, KeyMaterialStore keyMaterialStore) {
        List<HsmCluster> clusters = properties.clusters().entrySet().stream()
                .map(entry -> entry.getValue().pkcs11() == null
                        ? softwareCluster(entry.getKey(), entry.getValue(), properties, jdbc, keyMaterialStore)
                        : pkcs11Cluster(entry.getKey(), entry.getValue()))
                .map(cluster -> (HsmCluster) new SimulatedHsmCluster(cluster, simulation, lockout))
                .toList();
        return new HsmClusters(clusters);
    }

    @Bean
    ClusterSimulation clusterSimulation(JdbcClient jdbc) {
        return new ClusterSimulation(jdbc);
    }

    @Bean
    KmsUserLockout kmsUserLockout(JdbcClient jdbc, PlatformTransactionManager transactionManager) {
        return new KmsUserLockout(jdbc, transactionManager);
    }

    /** The inner keys of XKS keys and the software clusters' keys, sealed under the master key. */
    @Bean
    KeyMaterialStore keyMaterialStore(JdbcClient jdbc, MasterKey masterKey) {
        return new JdbcKeyMaterialStore(jdbc, new MasterKeySealer(masterKey.keyMaterialKey()));
    }

    private static HsmCluster softwareCluster(String clusterId, KeyholdProperties.Cluster cluster,
                                              KeyholdProperties properties, JdbcClient jdbc,
                                              KeyMaterialStore keyMaterialStore) {
        SoftwareHsmCluster software = new SoftwareHsmCluster(new SoftwareHsmClusterSettings(clusterId,
                cluster.initialKmsUserPassword(), cluster.hsms(), cluster.availabilityZones(),
                cluster.active(), cluster.ownerAccountId()), jdbc, keyMaterialStore);
        software.initialize(properties.dataDir().resolve("clusters").resolve(clusterId));
        return software;
    }

    private static HsmCluster pkcs11Cluster(String clusterId, KeyholdProperties.Cluster cluster) {
        KeyholdProperties.Pkcs11 pkcs11 = cluster.pkcs11();
        try {
            return new Pkcs11Cluster(new Pkcs11ClusterSettings(clusterId, pkcs11.library().toString(),
                    pkcs11.tokenLabel(), Files.readString(pkcs11.clusterCertificateFile(), StandardCharsets.US_ASCII),
                    cluster.hsms(), cluster.availabilityZones(), cluster.active(), cluster.ownerAccountId(),
                    pkcs11.sessionPoolSize()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the cluster certificate of " + clusterId, e);
        }
    }

    @Bean
    KeyStoreConnector cloudHsmConnector(HsmClusters clusters) {
        return new CloudHsmConnector(clusters);
    }

    @Bean(destroyMethod = "close")
    ConnectorSessions connectorSessions(List<KeyStoreConnector> connectors) {
        return new ConnectorSessions(connectors);
    }
}
