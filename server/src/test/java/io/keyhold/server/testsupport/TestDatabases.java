package io.keyhold.server.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A fresh PostgreSQL database for each test class: on the server named by {@code TEST_PG_URL}
 * (with {@code TEST_PG_USER}/{@code TEST_PG_PASSWORD}), else in a Testcontainers PostgreSQL when
 * a Docker engine is available, else on the local server at 127.0.0.1:5432 as user postgres.
 * A database that cannot be reached fails the tests; it never skips them.
 */
public final class TestDatabases {

    private record Server(String adminUrl, String user, String password) {
    }

    private static Server server;

    private TestDatabases() {
    }

    /** Creates an empty database and returns the Spring datasource properties that point at it (a small pool). */
    public static synchronized Map<String, String> freshDatabase() {
        Server pg = server();
        String name = "keyhold_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(pg.adminUrl(), pg.user(), pg.password());
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + pg.adminUrl()
                    + " (set TEST_PG_URL, TEST_PG_USER and TEST_PG_PASSWORD to a PostgreSQL server)", e);
        }
        String url = pg.adminUrl().substring(0, pg.adminUrl().lastIndexOf('/') + 1) + name;
        // the suite keeps a dozen servers alive in Spring's context cache; PostgreSQL allows 100 clients
        return Map.of("spring.datasource.url", url,
                "spring.datasource.username", pg.user(),
                "spring.datasource.password", pg.password(),
                "spring.datasource.hikari.maximum-pool-size", "4");
    }

    private static Server server() {
        if (server == null) {
            server = locate();
        }
        return server;
    }

    private static Server locate() {
        String url = System.getenv("TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return new Server(url, env("TEST_PG_USER", "postgres"), env("TEST_PG_PASSWORD", ""));
        }
        if (dockerAvailable()) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine");
            container.start();
            return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        return new Server("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
