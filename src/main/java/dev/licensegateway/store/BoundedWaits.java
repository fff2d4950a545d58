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
 * <p>One round trip: the transaction is one statement, and {@code BEGIN} with the settings, that statement and
 * {@code COMMIT} are written in one flight (the client pipelines them). PostgreSQL commits without waiting for
 * the client, so a lock the statement takes is held until the commit's WAL flush and across no network round
 * trip. When the statement fails, the {@code COMMIT} behind it ends the failed transaction as a rollback
 * (PostgreSQL's rule for a COMMIT in an aborted transaction), so nothing of it stays.
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
     * Runs {@code statement}, which issues exactly one statement on the connection it is given, in a transaction
     * of one flight: committed when it yields an item, rolled back by PostgreSQL when it fails (its failure is
     * then the answer). Whatever the caller makes of the statement's answer belongs after this Uni, not inside
     * the function: the commit is already on its way. The connection goes back to the pool only once the
     * transaction has ended, even when the caller stops waiting (a deadline): it is never handed on in the
     * middle of a transaction.
     */
    public <T> Uni<T> inOneFlight(Function<SqlConnection, Uni<T>> statement) {
        return inOneFlight(new TimeSplit(System.nanoTime()), statement);
    }

    /** The same, marking on {@code split} when the connection came, the statement answered and the commit did. */
    public <T> Uni<T> inOneFlight(TimeSplit split, Function<SqlConnection, Uni<T>> statement) {
        return Uni.createFrom().emitter(emitter -> {
            split.asked();
            pool.withConnection(connection -> {
                split.connected();
                return run(connection, split, statement);
            }).subscribe().with(emitter::complete, emitter::fail);
        });
    }

    private <T> Uni<T> run(SqlConnection connection, TimeSplit split, Function<SqlConnection, Uni<T>> statement) {
        Uni<Void> begun = connection.query(begin).execute().replaceWithVoid();
        Uni<T> decided = Uni.createFrom().deferred(() -> statement.apply(connection))
                .onItemOrFailure().invoke((item, failure) -> split.decided());
        Uni<Void> ended = connection.query("COMMIT").execute().invoke(split::committed).replaceWithVoid();
        // Subscribed in this order, at once: the client writes them in this order, in one flight. All three are
        // waited for, so the connection is released only after the transaction's end was answered.
        return Uni.combine().all().unis(begun, decided, ended)
                .collectFailures().with((ignored, result, alsoIgnored) -> result)
                .onFailure().transform(BoundedWaits::first);
    }

    /** When several failed (a lost connection fails all three), the first failure is the one to classify. */
    private static Throwable first(Throwable failure) {
        return failure instanceof CompositeException composite && !composite.getCauses().isEmpty()
                ? composite.getCauses().get(0) : failure;
    }
}
