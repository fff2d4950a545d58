package dev.licensegateway.runmode;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.security.SecureRandom;
import java.util.Base64;
import org.jboss.logging.Logger;

/**
 * Starts the gateway. With no datasource configured it first starts an embedded PostgreSQL and turns
 * on the demo dataset, so that one command on a machine with only a JDK gives a working gateway.
 */
@QuarkusMain
public final class GatewayMain {

    private static final Logger LOG = Logger.getLogger(GatewayMain.class);
    /** Held so the level sticks: initdb's chatter is not what a new user needs to read. */
    private static final java.util.logging.Logger EMBEDDED_LOG = java.util.logging.Logger.getLogger("io.zonky");

    GatewayMain() {
    }

    public static void main(String... args) {
        if (DatasourceSettings.configured()) {
            Quarkus.run(args);
            return;
        }
        LOG.info("No datasource configured (QUARKUS_DATASOURCE_REACTIVE_URL): starting an embedded PostgreSQL with the demo dataset");
        EMBEDDED_LOG.setLevel(java.util.logging.Level.WARNING);
        try (EmbeddedDatabase database = EmbeddedDatabase.start()) {
            database.exportAsQuarkusConfig();
            System.setProperty("gateway.demo.enabled", "true");
            // A person is reading this terminal: plain text logs instead of the prod JSON.
            System.setProperty("quarkus.log.console.json.enabled", "false");
            if (!DatasourceSettings.isSet("gateway.oauth.allowed-hosts")) {
                // The demo answers on this machine; oauth_url names it only under these names.
                System.setProperty("gateway.oauth.allowed-hosts", "localhost,127.0.0.1");
            }
            if (!DatasourceSettings.isSet("gateway.admin.token")) {
                System.setProperty("gateway.admin.token", randomBase64(24));
            }
            if (!DatasourceSettings.isSet("gateway.secrets.encryption-key")) {
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
