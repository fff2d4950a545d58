package dev.licensegateway.store;

import dev.licensegateway.config.GatewayConfig;
import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.function.Function;

/**
 * One transaction of the deactivation path, with {@code lock_timeout} and {@code statement_timeout}
 * ({@code gateway.database.*}) set by {@code SET LOCAL}, so that they end with it and work behind a
 * transaction-mode pooler, where session settings and startup parameters do not. Each stays below the request
 * deadline: PostgreSQL gives up first (55P03, 57014 → 503 with Retry-After), rolls back and frees the connection,
 * so no backend keeps waiting for a client that was already told to retry.
 *
 * <p>Two round trips: {@code BEGIN} and the settings go in one flight with the transaction's statements (the
 * client pipelines them), then {@code COMMIT}, or {@code ROLLBACK} when the work failed. So a lock taken by the
 * work is held across one round trip only.
 */
@ApplicationScoped
public class BoundedWaits {

    private final Pool pool;
    private final String begin;

    public BoundedWaits(Pool pool, GatewayConfig config) {
        this.pool = pool;
        Duration deadline = config.request().deadline();
        long lock = below(config.database().lockTimeout(), deadline);
        long statement = below(config.database().statementTimeout(), deadline);
        // Whole milliseconds from configuration: nothing of a client's reaches this text.
        this.begin = "BEGIN; SET LOCAL lock_timeout = " + lock + "; SET LOCAL statement_timeout = " + statement;
    }

    /** Milliseconds of {@code wait}, capped below the deadline (a tenth of it spared for the answer). */
    static long below(Duration wait, Duration deadline) {
        long cap = Math.max(1, deadline.toMillis() - Math.max(100, deadline.toMillis() / 10));
        return Math.max(1, Math.min(wait.toMillis(), cap));
    }

    /**
     * Runs {@code work} in one transaction: committed when it yields an item, rolled back when it fails (its
     * failure is then the answer). The connection goes back to the pool only once the transaction has ended,
     * even when the caller stops waiting (a deadline): it is never handed on in the middle of a transaction.
     */
    public <T> Uni<T> inTransaction(Function<SqlConnection, Uni<T>> work) {
        return inTransaction(new TimeSplit(System.nanoTime()), work);
    }

    /** The same, marking on {@code split} when the connection came, the work answered and the transaction ended. */
    public <T> Uni<T> inTransaction(TimeSplit split, Function<SqlConnection, Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            split.asked();
            pool.withConnection(connection -> {
                split.connected();
                return run(connection, split, work);
            }).subscribe().with(emitter::complete, emitter::fail);
        });
    }

    private <T> Uni<T> run(SqlConnection connection, TimeSplit split, Function<SqlConnection, Uni<T>> work) {
        Uni<Void> started = connection.query(begin).execute().replaceWithVoid();
        // Both subscribed at once, BEGIN first: they share one flight; wait for both before ending.
        return Uni.combine().all().unis(started, Uni.createFrom().deferred(() -> work.apply(connection)))
                .collectFailures().with((ignored, result) -> result)
                .onFailure().transform(BoundedWaits::first)
                .onItemOrFailure().transformToUni((result, failure) -> {
                    split.decided();
                    return failure == null
                            ? connection.query("COMMIT").execute().invoke(split::committed).replaceWith(result)
                            : connection.query("ROLLBACK").execute()
                                    .onItemOrFailure().transformToUni((ok, ignored) -> Uni.createFrom().<T>failure(failure));
                });
    }

    /** When BEGIN and the work both failed (a lost connection), the first failure is the one to classify. */
    private static Throwable first(Throwable failure) {
        return failure instanceof CompositeException composite && !composite.getCauses().isEmpty()
                ? composite.getCauses().get(0) : failure;
    }
}
