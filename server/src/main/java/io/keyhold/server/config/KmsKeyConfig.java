package io.keyhold.server.config;

import io.keyhold.command.key.DeletedKeyAliasCleanup;
import io.keyhold.command.key.JdbcKmsKeyLookup;
import io.keyhold.command.key.KmsKeyLookup;
import io.keyhold.command.key.KmsKeyLookupProjection;
import io.keyhold.command.key.MissingKmsKeyInterceptor;
import io.keyhold.query.key.KmsKeyQueryHandler;
import io.keyhold.query.key.KmsKeyViewProjection;
import io.keyhold.query.paging.MarkerCodec;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Command-side and query-side beans of KMS keys and aliases. The KmsKey and Alias aggregates are
 * found by component scanning; the deletion deadline uses the persistent db-scheduler deadline
 * manager that Axon configures.
 */
@Configuration(proxyBeanMethods = false)
class KmsKeyConfig {

    @Bean
    KmsKeyLookup kmsKeyLookup(JdbcClient jdbc) {
        return new JdbcKmsKeyLookup(jdbc);
    }

    @Bean
    KmsKeyLookupProjection kmsKeyLookupProjection(JdbcClient jdbc) {
        return new KmsKeyLookupProjection(jdbc);
    }

    /** Registered on the command bus by Axon's auto-configuration, as every handler interceptor bean. */
    @Bean
    MissingKmsKeyInterceptor missingKmsKeyInterceptor(EventStore eventStore) {
        return new MissingKmsKeyInterceptor(eventStore);
    }

    @Bean
    DeletedKeyAliasCleanup deletedKeyAliasCleanup(KmsKeyLookup kmsKeyLookup, CommandGateway commandGateway) {
        return new DeletedKeyAliasCleanup(kmsKeyLookup, commandGateway);
    }

    @Bean
    KmsKeyViewProjection kmsKeyViewProjection(JdbcClient jdbc) {
        return new KmsKeyViewProjection(jdbc);
    }

    @Bean
    KmsKeyQueryHandler kmsKeyQueryHandler(JdbcClient jdbc, MasterKey masterKey) {
        return new KmsKeyQueryHandler(jdbc, new MarkerCodec(masterKey.markerKey()));
    }
}
