package dev.licensegateway.admin.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deletes old audit events ({@code gateway.retention.deactivation-events}) and old delivered webhook deliveries
 * ({@code gateway.retention.delivered-webhooks}) every {@code gateway.retention.interval}, company by company in
 * batches, on whichever replica takes the advisory lock. An event still waiting for a webhook delivery is kept.
 * Idempotency records ({@code deactivation_requests}) are never deleted: replays must keep answering 200.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    /** "lg-retn". */
    private static final long LOCK = 0x6c672d7265746eL;

    private static final String OLD_EVENTS = """
            DELETE FROM deactivation_events e WHERE e.company_id = $1 AND e.event_id IN (
                SELECT x.event_id FROM deactivation_events x
                WHERE x.company_id = $1 AND x.created_at < now() - $2 * interval '1 millisecond'
                  AND NOT EXISTS (SELECT 1 FROM webhook_outbox o WHERE o.company_id = x.company_id
                                  AND o.event_id = x.event_id AND o.state <> 'delivered')
                ORDER BY x.created_at LIMIT $3)""";
    private static final String OLD_DELIVERIES = """
            DELETE FROM webhook_outbox WHERE company_id = $1 AND delivery_id IN (
                SELECT delivery_id FROM webhook_outbox WHERE company_id = $1 AND state = 'delivered'
                  AND delivered_at < now() - $2 * interval '1 millisecond' LIMIT $3)""";

    private final Pool pool;
    private final RetentionSettings settings;
    private final Vertx vertx;
    private long timer = -1;

    public Retention(Pool pool, RetentionSettings settings, Vertx vertx) {
        this.pool = pool;
        this.settings = settings;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent started) {
        long every = settings.interval().toMillis();
        timer = vertx.setPeriodic(every, every, id -> runOnce().subscribe().with(
                deleted -> LOG.infof("retention: %d old rows deleted", deleted),
                failure -> LOG.warnf("retention: clean-up failed (%s)", failure.getClass().getSimpleName())));
    }

    void stop(@Observes ShutdownEvent stopping) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One clean-up with the configured ages: the number of rows deleted (0 when another replica holds the lock). */
    public Uni<Long> runOnce() {
        return runOnce(settings.deactivationEvents().orElse(null), settings.deliveredWebhooks());
    }

    public Uni<Long> runOnce(Duration events, Duration deliveries) {
        return pool.withTransaction(c -> c.preparedQuery("SELECT pg_try_advisory_xact_lock($1)").execute(Tuple.of(LOCK))
                .flatMap(locked -> !locked.iterator().next().getBoolean(0) ? Uni.createFrom().item(0L)
                        : c.query("SELECT company_id FROM companies").execute().flatMap(rows -> {
                            List<String> companies = new ArrayList<>();
                            rows.forEach(r -> companies.add(r.getString(0)));
                            Uni<Long> total = Uni.createFrom().item(0L);
                            for (String company : companies) {
                                total = total.flatMap(n -> drain(OLD_DELIVERIES, company, deliveries).map(m -> n + m));
                                if (events != null) {
                                    total = total.flatMap(n -> drain(OLD_EVENTS, company, events).map(m -> n + m));
                                }
                            }
                            return total;
                        })));
    }

    /** Deletes in batches (each its own statement) until a batch comes back short. */
    private Uni<Long> drain(String sql, String company, Duration age) {
        return pool.preparedQuery(sql).execute(Tuple.of(company, age.toMillis(), settings.batchSize()))
                .flatMap(rows -> rows.rowCount() < settings.batchSize() ? Uni.createFrom().item((long) rows.rowCount())
                        : drain(sql, company, age).map(more -> more + rows.rowCount()));
    }
}
