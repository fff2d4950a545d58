package dev.licensegateway.runmode;

import dev.licensegateway.admin.service.ImportService;
import dev.licensegateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * In the demo run mode (no database configured), loads the demo dataset through the ordinary import and
 * prints what a new user needs: the keys, and a command that really deactivates a demo device.
 */
@ApplicationScoped
public class DemoData {

    private final ImportService imports;
    private final GatewayConfig config;
    private final int port;

    public DemoData(ImportService imports, GatewayConfig config, @ConfigProperty(name = "quarkus.http.port") int port) {
        this.imports = imports;
        this.config = config;
        this.port = port;
    }

    void load(@Observes StartupEvent event) {
        if (!config.demo().enabled()) {
            return;
        }
        imports.importJson(dataset()).await().atMost(Duration.ofMinutes(2));
        String base = "http://localhost:" + port;
        String token = config.admin().token().orElse("(not set)");
        System.out.println(String.join("\n",
                "",
                "================ license-gateway DEMO ================",
                "!! DEMO MODE: NOTHING SURVIVES A RESTART. The database is an embedded PostgreSQL in a temporary",
                "!! directory; every license, key and deactivation is gone when this process stops.",
                "!! For real use set QUARKUS_DATASOURCE_REACTIVE_URL and QUARKUS_DATASOURCE_JDBC_URL (README).",
                "Demo dataset: company 'demo'.",
                "  API key     " + DemoRequest.API_KEY,
                "  Shared key  " + DemoRequest.SHARED_KEY,
                "  Admin token " + token,
                "",
                "Deactivate demo device " + DemoRequest.HARDWARE_ID + " of license " + DemoRequest.LICENSE_KEY
                        + " (paste into bash; needs openssl):",
                "",
                DemoRequest.curlCommand(base, DemoRequest.file(Instant.now())),
                "",
                "It answers 'license_deactivated' and 200; pasted again, the same (a replay, applied once).",
                "Then look at the license:",
                "  curl -s -H 'Authorization: Bearer " + token + "' " + base
                        + "/admin/v1/companies/demo/licenses/" + DemoRequest.LICENSE_KEY,
                "",
                "Offline Portal (a browser page for folders of .req files): " + base + "/portal",
                "  Sign in with the admin token above. Paste the file of the command (its --data-binary text)",
                "  into 'Paste one file's text', or drop .req files or a folder; look up license "
                        + DemoRequest.LICENSE_KEY + " of company 'demo'.",
                "=======================================================",
                ""));
    }

    private static byte[] dataset() {
        try (InputStream in = DemoData.class.getClassLoader().getResourceAsStream(ImportService.DEMO_DATASET)) {
            if (in == null) {
                throw new IllegalStateException("missing " + ImportService.DEMO_DATASET);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
