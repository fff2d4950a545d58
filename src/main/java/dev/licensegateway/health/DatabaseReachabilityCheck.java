package dev.licensegateway.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.jboss.logging.Logger;

/**
 * Whether PostgreSQL answers a {@code SELECT 1} through the request pool within {@link #TIMEOUT}: the health
 * group {@code database} ({@code /q/health/group/database}) and the gauge {@code gateway_database_up}, probed
 * every {@link #PERIOD}. Deliberately not part of readiness: in an outage every replica would turn unready and
 * clients would get the ingress's bare 503 instead of ours (with Retry-After), and a saturated pool would take
 * replicas out of the Service one after another.
 */
@HealthGroup(DatabaseReachabilityCheck.GROUP)
@ApplicationScoped
public class DatabaseReachabilityCheck implements AsyncHealthCheck {

    static final String NAME = "database";
    static final String GROUP = "database";

    /** Shorter than the probes' timeoutSeconds in k8s/, so a silent database reads as DOWN, never as a hang. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final Duration PERIOD = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(DatabaseReachabilityCheck.class);

    private final Pool pool;
    private final Vertx vertx;
    private final AtomicBoolean lastUp = new AtomicBoolean(true);
    private long timer = -1;

    public DatabaseReachabilityCheck(Pool pool, Vertx vertx, MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        Gauge.builder("gateway.database.up", lastUp, up -> up.get() ? 1 : 0)
                .description("1 while PostgreSQL answered the last probe within 2 s, else 0")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(PERIOD.toMillis(), ignored -> call().subscribe().with(response -> { }));
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
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
            LOG.info("Database reachable again");
        }
        return HealthCheckResponse.up(NAME);
    }

    private HealthCheckResponse down(Throwable failure) {
        String reason = failure instanceof TimeoutException
                ? "no answer within " + TIMEOUT.toSeconds() + "s"
                : "unreachable (" + failure.getClass().getSimpleName() + ")";
        // Probes run every few seconds: log the change of state, not every failed probe.
        if (lastUp.compareAndSet(true, false)) {
            LOG.warnf("Database %s: License API requests answer 503 service_unavailable until it is back", reason);
        }
        // The body is public on the HTTP port: the reason names the kind of failure, never a host or a user.
        return HealthCheckResponse.named(NAME).down().withData("reason", reason).build();
    }
}
