package io.keyhold.server.config;

import static io.keyhold.server.config.DaemonThreads.daemonThreads;

import io.keyhold.command.connection.ConnectionAttempts;
import io.keyhold.command.keystore.JdbcKeyStoreLookup;
import io.keyhold.command.keystore.KeyStoreLookup;
import io.keyhold.command.keystore.KeyStoreLookupProjection;
import io.keyhold.command.keystore.KeyStoreSecretShredder;
import io.keyhold.command.secret.AesGcmSecretStore;
import io.keyhold.command.secret.SecretStore;
import io.keyhold.connector.ConnectorSessions;
import io.keyhold.query.keystore.CustomKeyStoreQueryHandler;
import io.keyhold.query.keystore.CustomKeyStoreViewProjection;
import io.keyhold.query.paging.MarkerCodec;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Command-side and query-side beans of the custom key store feature. */
@Configuration(proxyBeanMethods = false)
class KeyStoreConfig {

    @Bean
    MasterKey masterKey(KeyholdProperties properties) {
        return MasterKey.loadOrCreate(properties.resolvedMasterKeyFile());
    }

    @Bean
    SecretStore secretStore(JdbcClient jdbc, MasterKey masterKey) {
        return new AesGcmSecretStore(jdbc, masterKey.secretsKey());
    }

    @Bean
    KeyStoreLookup keyStoreLookup(JdbcClient jdbc) {
        return new JdbcKeyStoreLookup(jdbc);
    }

    @Bean
    KeyStoreLookupProjection keyStoreLookupProjection(JdbcClient jdbc) {
        return new KeyStoreLookupProjection(jdbc);
    }

    @Bean
    KeyStoreSecretShredder keyStoreSecretShredder(SecretStore secrets) {
        return new KeyStoreSecretShredder(secrets);
    }

    @Bean
    CustomKeyStoreViewProjection customKeyStoreViewProjection(JdbcClient jdbc) {
        return new CustomKeyStoreViewProjection(jdbc);
    }

    @Bean
    CustomKeyStoreQueryHandler customKeyStoreQueryHandler(JdbcClient jdbc, MasterKey masterKey) {
        return new CustomKeyStoreQueryHandler(jdbc, new MarkerCodec(masterKey.markerKey()));
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService connectionAttemptExecutor() {
        return Executors.newCachedThreadPool(daemonThreads("keystore-connect-"));
    }

    @Bean
    ConnectionAttempts connectionAttempts(ConnectorSessions sessions, SecretStore secrets, CommandGateway commandGateway,
                                          ExecutorService connectionAttemptExecutor, KeyholdProperties properties) {
        return new ConnectionAttempts(sessions, secrets, commandGateway, connectionAttemptExecutor,
                properties.connectTimeout(), properties.xks().healthCheckInterval());
    }
}
