package dev.licensegateway.health;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Started once Quarkus has fired its startup event; until then the startup probe holds back the liveness
 * and readiness probes, so a slow JVM start is not mistaken for a hung process.
 */
@Startup
@ApplicationScoped
public class StartupCheck implements HealthCheck {

    static final String NAME = "gateway-started";

    private volatile boolean started;

    void onStart(@Observes StartupEvent event) {
        started = true;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(started).build();
    }
}
