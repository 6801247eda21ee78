package io.keyhold.server.config;

import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Picks the bytea dialect on PostgreSQL; H2 (the embedded default) keeps Hibernate's own. */
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
}
