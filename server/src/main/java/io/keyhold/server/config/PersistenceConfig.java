package io.keyhold.server.config;

import java.lang.management.ManagementFactory;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.TokenStoreProperties;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Picks the bytea dialect on PostgreSQL (H2, the embedded default, keeps Hibernate's own), and
 * names this node in the token store, where nodes claim event processor segments.
 */
@Configuration(proxyBeanMethods = false)
class PersistenceConfig {

    @Bean
    HibernatePropertiesCustomizer postgresDialect(DataSourceProperties dataSource) {
        return properties -> {
            String url = dataSource.determineUrl();
            if (url != null && url.startsWith("jdbc:postgresql:")) {
                properties.put("hibernate.dialect", ByteaPostgresDialect.class.getName());
            }
        };
    }

    /**
     * Axon's own token store, but with {@code keyhold.node-id} as the claim owner: Axon's default,
     * the JVM's {@code pid@host}, is the same for two nodes in one JVM (tests) or for containers
     * with a fixed host name, and two owners with one name would both process every segment.
     */
    @Bean
    TokenStore tokenStore(Serializer serializer, EntityManagerProvider entityManagerProvider,
                          TokenStoreProperties tokenStoreProperties, KeyholdProperties properties) {
        return JpaTokenStore.builder()
                .entityManagerProvider(entityManagerProvider)
                .serializer(serializer)
                .claimTimeout(tokenStoreProperties.getClaimTimeout())
                .nodeId(properties.nodeId() != null ? properties.nodeId()
                        : ManagementFactory.getRuntimeMXBean().getName())
                .build();
    }
}
