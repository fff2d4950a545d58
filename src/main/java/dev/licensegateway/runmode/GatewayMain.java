package dev.licensegateway.runmode;

import dev.licensegateway.config.EncryptionKey;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * Starts the gateway. With no datasource configured it first starts an embedded PostgreSQL and turns
 * on the demo dataset, so that one command on a machine with only a JDK gives a working gateway.
 */
@QuarkusMain
public final class GatewayMain {

    /** Held so the level sticks: initdb's chatter is not what a new user needs to read. */
    private static final java.util.logging.Logger EMBEDDED_LOG = java.util.logging.Logger.getLogger("io.zonky");

    GatewayMain() {
    }

    public static void main(String... args) {
        DatasourceSettings settings = DatasourceSettings.read();
        switch (settings.mode()) {
            case CONFIGURED -> {
                try {
                    EncryptionKey.decode(settings.value(EncryptionKey.KEY));
                } catch (IllegalStateException e) {
                    // One line an operator can act on, instead of Quarkus' stack trace from the failed bean.
                    StartupLog.error(e.getMessage());
                    System.exit(1);
                    return;
                }
                waitForDatabase(settings);
                Quarkus.run(args);
                return;
            }
            case INCOMPLETE -> {
                StartupLog.error("Configuration error: quarkus.datasource.username/password are set but no database URL."
                        + " Set QUARKUS_DATASOURCE_REACTIVE_URL and QUARKUS_DATASOURCE_JDBC_URL (or"
                        + " quarkus.datasource.reactive.url and .jdbc.url in config/application.properties)."
                        + " No demo database is started in its place.");
                System.exit(1);
                return;
            }
            case DEMO -> {
                // below
            }
        }
        runDemo(settings, args);
    }

    /** Migrations at start need the database: wait for it, saying so, rather than fail or fall back. */
    private static void waitForDatabase(DatasourceSettings settings) {
        boolean migrates = settings.value("quarkus.flyway.migrate-at-start").map(Boolean::parseBoolean).orElse(true);
        settings.value("quarkus.datasource.jdbc.url").filter(url -> migrates && url.startsWith("jdbc:postgresql:"))
                .ifPresent(url -> new DatabaseWait(Duration.ofSeconds(1), Duration.ofSeconds(30), Integer.MAX_VALUE,
                        StartupLog::warn).untilReachable(url, settings.value("quarkus.datasource.username"),
                        settings.value("quarkus.datasource.password")));
    }

    private static void runDemo(DatasourceSettings settings, String... args) {
        StartupLog.warn("No datasource configured in any configuration source: starting an embedded DEMO PostgreSQL."
                + " NOTHING SURVIVES A RESTART. Set QUARKUS_DATASOURCE_REACTIVE_URL and QUARKUS_DATASOURCE_JDBC_URL"
                + " for a real database.");
        EMBEDDED_LOG.setLevel(java.util.logging.Level.WARNING);
        EmbeddedDatabase started;
        try {
            started = EmbeddedDatabase.start();
        } catch (RuntimeException | LinkageError e) {
            // The container image leaves the PostgreSQL binaries out (deploy/Dockerfile): it always needs a database.
            StartupLog.error("No datasource configured, and the embedded demo PostgreSQL could not start ("
                    + e.getClass().getSimpleName() + "; container images carry none). Set QUARKUS_DATASOURCE_REACTIVE_URL"
                    + " and QUARKUS_DATASOURCE_JDBC_URL (and QUARKUS_DATASOURCE_USERNAME/PASSWORD).");
            System.exit(1);
            return;
        }
        try (EmbeddedDatabase database = started) {
            database.exportAsQuarkusConfig();
            System.setProperty("gateway.demo.enabled", "true");
            // A person is reading this terminal: plain text logs instead of the prod JSON.
            System.setProperty("quarkus.log.console.json.enabled", "false");
            if (!settings.isSet("gateway.oauth.allowed-hosts")) {
                // The demo answers on this machine; oauth_url names it only under these names.
                System.setProperty("gateway.oauth.allowed-hosts", "localhost,127.0.0.1");
            }
            if (!settings.isSet("gateway.admin.token")) {
                System.setProperty("gateway.admin.token", randomBase64(24));
            }
            if (!settings.isSet("gateway.secrets.encryption-key")) {
                // The embedded database lives as long as this process, so a key of this process is enough.
                System.setProperty("gateway.secrets.encryption-key", randomBase64(32));
            }
            Quarkus.run(args);
        }
    }

    private static String randomBase64(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }
}
