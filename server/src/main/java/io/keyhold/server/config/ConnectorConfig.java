package io.keyhold.server.config;

import io.keyhold.connector.ConnectorSessions;
import io.keyhold.connector.KeyStoreConnector;
import io.keyhold.connector.hsm.CloudHsmConnector;
import io.keyhold.connector.hsm.HsmCluster;
import io.keyhold.connector.hsm.HsmClusters;
import io.keyhold.connector.software.SoftwareHsmCluster;
import io.keyhold.connector.software.SoftwareHsmClusterSettings;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The HSM clusters declared under {@code keyhold.clusters} and the connectors that reach key stores. */
@Configuration(proxyBeanMethods = false)
class ConnectorConfig {

    /** Built after Flyway, because the software clusters keep their state in the database. */
    @Bean
    @DependsOn("flywayInitializer")
    HsmClusters hsmClusters(KeyholdProperties properties, JdbcClient jdbc) {
        List<HsmCluster> clusters = properties.clusters().entrySet().stream()
                .map(entry -> {
                    KeyholdProperties.Cluster cluster = entry.getValue();
                    SoftwareHsmCluster software = new SoftwareHsmCluster(new SoftwareHsmClusterSettings(entry.getKey(),
                            cluster.initialKmsUserPassword(), cluster.hsms(), cluster.availabilityZones(),
                            cluster.active(), cluster.ownerAccountId()), jdbc);
                    software.initialize(properties.dataDir().resolve("clusters").resolve(entry.getKey()));
                    return (HsmCluster) software;
                })
                .toList();
        return new HsmClusters(clusters);
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
