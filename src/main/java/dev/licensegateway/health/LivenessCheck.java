package dev.licensegateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the process answers HTTP. Deliberately touches nothing outside the process: a database
 * outage must take replicas out of the load balancer (readiness), never restart them all at once.
 */
@Liveness
@ApplicationScoped
public class LivenessCheck implements HealthCheck {

    static final String NAME = "gateway";

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up(NAME);
    }
}
