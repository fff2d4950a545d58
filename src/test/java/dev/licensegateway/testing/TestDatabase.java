package dev.licensegateway.testing;

import dev.licensegateway.runmode.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The real PostgreSQL every test runs on, chosen once per JVM in this order: a URL from the environment
 * ({@code GATEWAY_TEST_JDBC_URL} with {@code GATEWAY_TEST_DB_USERNAME}/{@code GATEWAY_TEST_DB_PASSWORD}),
 * else Testcontainers when a Docker engine answers, else an embedded PostgreSQL.
 */
public final class TestDatabase {

    private static TestDatabase instance;

    private final String jdbcUrl;
    private final String username;
    private final String password;

    private TestDatabase(String jdbcUrl, String username, String password) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestDatabase start() {
        String url = System.getenv("GATEWAY_TEST_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return new TestDatabase(url, env("GATEWAY_TEST_DB_USERNAME", "postgres"),
                    env("GATEWAY_TEST_DB_PASSWORD", ""));
        }
        if (dockerAnswers()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
            container.start();
            return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        EmbeddedDatabase embedded = EmbeddedDatabase.start();
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
        return new TestDatabase(embedded.jdbcUrl(), EmbeddedDatabase.USER, "");
    }

    private static boolean dockerAnswers() {
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

    /** Quarkus configuration pointing the default datasource here. */
    public Map<String, String> quarkusConfig() {
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.reactive.url", jdbcUrl.substring("jdbc:".length()),
                "quarkus.datasource.username", username,
                "quarkus.datasource.password", password);
    }

    /** A plain JDBC connection for asserting the rows a call left behind. */
    /**
     * Backends of this database other than {@code connection}'s that wait for a lock. Ask on a connection outside
     * a transaction: within one, PostgreSQL reads {@code pg_stat_activity} once and keeps it.
     */
    public static long backendsWaitingForLocks(Connection connection) throws SQLException {
        try (java.sql.PreparedStatement query = connection.prepareStatement("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()""");
             java.sql.ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }
}
