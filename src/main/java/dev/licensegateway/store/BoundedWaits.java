package dev.licensegateway.store;

import dev.licensegateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * {@code lock_timeout} and {@code statement_timeout} for one transaction ({@code gateway.database.*}), set with
 * {@code SET LOCAL} so that they end with it and work behind a transaction-mode pooler, where session settings
 * and startup parameters do not. Each stays below the request deadline: PostgreSQL gives up first (55P03,
 * 57014 → 503 with Retry-After), rolls back and frees the connection, so no backend keeps waiting for a
 * client that was already told to retry.
 */
@ApplicationScoped
public class BoundedWaits {

    private final String sql;

    public BoundedWaits(GatewayConfig config) {
        Duration deadline = config.request().deadline();
        long lock = below(config.database().lockTimeout(), deadline);
        long statement = below(config.database().statementTimeout(), deadline);
        // Whole milliseconds from configuration: nothing of a client's reaches this text.
        this.sql = "SET LOCAL lock_timeout = " + lock + "; SET LOCAL statement_timeout = " + statement;
    }

    /** Milliseconds of {@code wait}, capped below the deadline (a tenth of it spared for the answer). */
    static long below(Duration wait, Duration deadline) {
        long cap = Math.max(1, deadline.toMillis() - Math.max(100, deadline.toMillis() / 10));
        return Math.max(1, Math.min(wait.toMillis(), cap));
    }

    /** Sent ahead of the transaction's first statement; run it combined with that one so both go in one flight. */
    public Uni<Void> apply(SqlConnection connection) {
        return connection.query(sql).execute().replaceWithVoid();
    }
}
