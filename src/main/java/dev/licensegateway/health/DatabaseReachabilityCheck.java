package dev.licensegateway.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/** Ready while PostgreSQL answers a {@code SELECT 1} through the request pool within {@link #TIMEOUT}. */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements AsyncHealthCheck {

    static final String NAME = "database";

    /** Shorter than the probes' timeoutSeconds in k8s/, so a silent database reads as DOWN, never as a hang. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(DatabaseReadinessCheck.class);

    private final Pool pool;
    private final AtomicBoolean lastUp = new AtomicBoolean(true);

    public DatabaseReadinessCheck(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("SELECT 1").execute()
                .ifNoItem().after(TIMEOUT).failWith(TimeoutException::new)
                .map(rows -> up())
                .onFailure().recoverWithItem(this::down);
    }

    private HealthCheckResponse up() {
        if (lastUp.compareAndSet(false, true)) {
            LOG.info("Database reachable again: readiness UP");
        }
        return HealthCheckResponse.up(NAME);
    }

    private HealthCheckResponse down(Throwable failure) {
        String reason = failure instanceof TimeoutException
                ? "no answer within " + TIMEOUT.toSeconds() + "s"
                : "unreachable (" + failure.getClass().getSimpleName() + ")";
        // Probes run every few seconds: log the change of state, not every failed probe.
        if (lastUp.compareAndSet(true, false)) {
            LOG.warnf("Database %s: readiness DOWN", reason);
        }
        // The body is public on the HTTP port: the reason names the kind of failure, never a host or a user.
        return HealthCheckResponse.named(NAME).down().withData("reason", reason).build();
    }
}
