package dev.licensegateway.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

/**
 * Ready once every migration this build ships is applied, so that a new version's pods take no traffic
 * before the rollout's migration Job has run (k8s/README.md). With the application started and the shutdown
 * delay (Quarkus turns readiness DOWN while draining), this is all readiness asks: whether this replica can
 * serve. Once current, the database is not asked again, so an outage or a saturated pool leaves replicas ready
 * and the License API answers 503 with Retry-After itself ({@link DatabaseReachabilityCheck} reports the outage).
 */
@Readiness
@ApplicationScoped
public class SchemaReadinessCheck implements AsyncHealthCheck {

    static final String NAME = "database-schema";

    private static final Duration TIMEOUT = DatabaseReachabilityCheck.TIMEOUT;

    private final Instance<Flyway> flyway;
    /** Applied migrations stay applied: once the schema is current, Flyway is never asked again. */
    private final AtomicReference<HealthCheckResponse> current = new AtomicReference<>();
    /** Flyway's JDBC work blocks a worker thread; probes must not pile up behind a silent database. */
    private final AtomicBoolean inspecting = new AtomicBoolean();

    public SchemaReadinessCheck(Instance<Flyway> flyway) {
        this.flyway = flyway;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        HealthCheckResponse known = current.get();
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        if (!inspecting.compareAndSet(false, true)) {
            return Uni.createFrom().item(down("previous inspection still running"));
        }
        return Uni.createFrom().item(this::inspect)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(TIMEOUT).failWith(TimeoutException::new)
                .onFailure(TimeoutException.class)
                .recoverWithItem(failure -> down("no answer within " + TIMEOUT.toSeconds() + "s"))
                .onFailure().recoverWithItem(failure -> down("cannot inspect ("
                        + failure.getClass().getSimpleName() + ")"));
    }

    private HealthCheckResponse inspect() {
        try {
            MigrationInfoService info = flyway.get().info();
            long failed = Arrays.stream(info.all()).filter(m -> m.getState().isFailed()).count();
            int pending = info.pending().length;
            if (failed > 0 || pending > 0) {
                return HealthCheckResponse.named(NAME).down()
                        .withData("pending", pending)
                        .withData("failed", failed)
                        .build();
            }
            MigrationInfo latest = info.current();
            HealthCheckResponse up = HealthCheckResponse.named(NAME).up()
                    .withData("version", latest == null ? "none" : String.valueOf(latest.getVersion()))
                    .build();
            current.set(up);
            return up;
        } finally {
            inspecting.set(false);
        }
    }

    private static HealthCheckResponse down(String reason) {
        return HealthCheckResponse.named(NAME).down().withData("reason", reason).build();
    }
}
