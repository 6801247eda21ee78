package io.keyhold.server.config;

import static io.keyhold.server.config.DaemonThreads.daemonThreads;

import io.keyhold.api.error.KmsException;
import io.keyhold.command.connection.KeyStoreConnectionSaga;
import io.keyhold.command.key.DeletedKeyAliasCleanup;
import io.keyhold.command.key.KmsKeyLookupProjection;
import io.keyhold.command.keystore.KeyStoreLookupProjection;
import io.keyhold.query.key.KmsKeyViewProjection;
import io.keyhold.query.keystore.CustomKeyStoreViewProjection;
import io.keyhold.server.crypto.SessionTargets;
import io.keyhold.server.key.KeyMaterialShredder;
import io.keyhold.server.wire.RequestMetadata;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Axon wiring: serializers, processors and their error handling, command retries, audit metadata. */
@Configuration(proxyBeanMethods = false)
public class AxonConfig {

    /** Jackson on a private ObjectMapper, so Spring MVC settings can never change the stored format. */
    public static Serializer jacksonSerializer() {
        JsonMapper mapper = JsonMapper.builder().findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        return JacksonSerializer.builder().objectMapper(mapper).lenientDeserialization().build();
    }

    @Bean
    @Primary
    Serializer serializer() {
        return jacksonSerializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return jacksonSerializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return jacksonSerializer();
    }

    /** Copies the caller's identity and request onto every event a command causes: the audit trail. */
    @Bean
    CorrelationDataProvider requestCorrelation() {
        return new SimpleCorrelationDataProvider(RequestMetadata.KEYS.toArray(String[]::new));
    }

    @Bean
    CorrelationDataProvider messageOrigin() {
        return new MessageOriginProvider();
    }

    /**
     * Retries what another node's concurrent write made fail (an aggregate sequence or a lookup
     * row taken first), backing off from 20 ms; KMS errors are answers, never retried.
     */
    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newSingleThreadScheduledExecutor(daemonThreads("command-retry-"));
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetryExecutor) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(ExponentialBackOffIntervalRetryScheduler.builder()
                        .retryExecutor(commandRetryExecutor)
                        .backoffFactor(20)
                        .maxRetryCount(8)
                        .addNonTransientFailurePredicate(KmsException.class::isInstance)
                        .build())
                .build();
    }

    /**
     * The lookup tables and the views run in the command's transaction: a failure there must fail
     * the command, not be logged and skipped. The tracking groups retry a failed event instead.
     */
    @Bean
    ConfigurerModule processingConfig() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerListenerInvocationErrorHandler(KeyStoreLookupProjection.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerListenerInvocationErrorHandler(CustomKeyStoreViewProjection.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerListenerInvocationErrorHandler(KeyStoreConnectionSaga.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerListenerInvocationErrorHandler(SessionTargets.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerListenerInvocationErrorHandler(KeyMaterialShredder.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerListenerInvocationErrorHandler(KmsKeyLookupProjection.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerListenerInvocationErrorHandler(KmsKeyViewProjection.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance())
                .registerListenerInvocationErrorHandler(DeletedKeyAliasCleanup.PROCESSING_GROUP,
                        c -> PropagatingErrorHandler.instance()));
    }
}
