package dev.licensegateway.error;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The only way out for failures: turns any throwable into a documented error and writes it. Unknown
 * faults are logged here with their stack trace and answered as {@code internal_error}, never echoed.
 */
public final class Failures {

    private static final Logger LOG = Logger.getLogger(Failures.class);
    /** Seconds a client should wait before retrying a 503. */
    static final String RETRY_AFTER_SECONDS = "1";

    private Failures() {
    }

    /** The documented error for any failure. */
    public static ApiException classify(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof ApiException api) {
            return api;
        }
        if (isDatabaseUnavailable(t)) {
            LOG.warnf("database unavailable: %s", t.getClass().getSimpleName());
            return ErrorCode.SERVICE_UNAVAILABLE.exception();
        }
        if (isPreparedStatementMismatch(t)) {
            // Nothing was applied (the transaction failed), so 503 is the truth for the client; the cause is
            // the deployment's, so the log says which setting fixes it.
            LOG.errorf("prepared statement %s (SQLSTATE %s): behind a transaction-mode pooler such as PgBouncer set "
                    + "quarkus.datasource.reactive.cache-prepared-statements=false and "
                    + "quarkus.datasource.reactive.postgresql.use-layer7-proxy=true (README: PgBouncer)",
                    PREPARED_STATEMENT_MISSING.equals(((PgException) t).getSqlState()) ? "missing" : "already present",
                    ((PgException) t).getSqlState());
            return ErrorCode.SERVICE_UNAVAILABLE.exception();
        }
        LOG.error("unexpected failure", t);
        return ErrorCode.INTERNAL_ERROR.exception();
    }

    /** Writes the error body with its status (and Retry-After where a retry will help). */
    public static void write(HttpServerResponse response, ApiException error) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            // Too late for a status line: cut the stream so the client sees a broken response, not a bad one.
            response.reset();
            return;
        }
        response.setStatusCode(error.code().status())
                .putHeader("Content-Type", "application/json");
        if (error.code() == ErrorCode.SERVICE_UNAVAILABLE || error.code() == ErrorCode.RATE_LIMITED) {
            response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        response.end(error.body().toBuffer());
    }

    /**
     * The database cannot be reached (connection refused, closed, reset, the server shutting down), as
     * opposed to a wait that was bounded (lock or statement timeout) or a busy pool: a batch stops trying.
     */
    public static boolean isDatabaseUnreachable(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof PgException pg) {
            String state = pg.getSqlState();
            return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                    || state.equals("57P03"));
        }
        if (t instanceof ConnectException) {
            return true;
        }
        if (t instanceof io.vertx.core.VertxException || t instanceof io.vertx.core.impl.NoStackTraceThrowable
                || t instanceof java.io.IOException) {
            String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            return message.contains("connection") || message.contains("closed");
        }
        return false;
    }

    private static final String PREPARED_STATEMENT_MISSING = "26000";
    private static final String PREPARED_STATEMENT_EXISTS = "42P05";

    /**
     * A prepared statement the connection should have, missing or already there: what a transaction-mode
     * pooler does to a client that caches prepared statements (each statement may land on another server).
     */
    static boolean isPreparedStatementMismatch(Throwable t) {
        return t instanceof PgException pg && (PREPARED_STATEMENT_MISSING.equals(pg.getSqlState())
                || PREPARED_STATEMENT_EXISTS.equals(pg.getSqlState()));
    }

    static boolean isDatabaseUnavailable(Throwable t) {
        if (t instanceof PgException pg) {
            String state = pg.getSqlState();
            // 08: connection exceptions; 53: insufficient resources; 57: operator intervention
            // (admin shutdown, statement timeout 57014); 55P03: lock timeout; 40001/40P01: retryable.
            return state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                    || state.equals("55P03") || state.equals("40001") || state.equals("40P01"));
        }
        if (t instanceof ConnectException || t instanceof TimeoutException) {
            return true;
        }
        if (t instanceof io.vertx.core.VertxException || t instanceof io.vertx.core.impl.NoStackTraceThrowable
                || t instanceof java.io.IOException) {
            String message = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            return message.contains("connection") || message.contains("timeout") || message.contains("closed")
                    || message.contains("pool");
        }
        return false;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof java.util.concurrent.CompletionException
                || current instanceof java.util.concurrent.ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
