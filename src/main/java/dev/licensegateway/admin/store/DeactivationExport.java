package dev.licensegateway.admin.store;

import dev.licensegateway.admin.model.DeactivationEvent;
import dev.licensegateway.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/**
 * Streams one company's audit events of a time range in event order through a server-side cursor (a portal
 * read {@link #FETCH} rows at a time), so memory stays flat however many millions of rows the range holds.
 * The consumer pauses and resumes the stream as its socket drains; {@link #close()} ends it early.
 */
public final class DeactivationExport {

    /** Rows fetched per round trip of the cursor. */
    static final int FETCH = 500;

    private static final String QUERY = "SELECT company_id, event_id, request_id, license_id, device_id, hardware_id, "
            + "principal, source_ip, schema_version, consumptions, feature_deltas, client_info, created_at FROM deactivation_events "
            + "WHERE company_id = $1 AND created_at >= $2 AND created_at < $3 ORDER BY created_at, event_id";
    private static final OffsetDateTime BEGINNING = OffsetDateTime.parse("1970-01-01T00:00:00Z");
    private static final OffsetDateTime END = OffsetDateTime.parse("9999-01-01T00:00:00Z");

    private final SqlConnection connection;
    private final Transaction transaction;
    private final RowStream<Row> rows;

    private DeactivationExport(SqlConnection connection, Transaction transaction, RowStream<Row> rows) {
        this.connection = connection;
        this.transaction = transaction;
        this.rows = rows;
    }

    /** Opens the cursor (paused: nothing is read before {@link #start}); not_found for an unknown company. */
    public static Future<DeactivationExport> open(Pool pool, String companyId, OffsetDateTime from, OffsetDateTime to) {
        return pool.getConnection().compose(connection -> connection.begin()
                .compose(tx -> connection.preparedQuery("SELECT 1 FROM companies WHERE company_id = $1")
                        .execute(Tuple.of(companyId))
                        .compose(found -> found.size() == 1 ? connection.prepare(QUERY)
                                : Future.failedFuture(ErrorCode.NOT_FOUND.exception("No such company.")))
                        .map(statement -> {
                            RowStream<Row> stream = statement.createStream(FETCH,
                                    Tuple.of(companyId, from == null ? BEGINNING : from, to == null ? END : to));
                            stream.pause();
                            return new DeactivationExport(connection, tx, stream);
                        }))
                .onFailure(e -> connection.close()));
    }

    /** Feeds every event to {@code event}; {@code done} gets null at the end or the failure. */
    public void start(Handler<DeactivationEvent> event, Handler<Throwable> done) {
        rows.exceptionHandler(failure -> close().onComplete(ignored -> done.handle(failure)));
        rows.endHandler(ended -> transaction.commit().eventually(() -> connection.close())
                .onComplete(ignored -> done.handle(null)));
        rows.handler(row -> event.handle(from(row)));
        rows.resume();
    }

    private static DeactivationEvent from(Row row) {
        return new DeactivationEvent(row.getString("company_id"), row.getLong("event_id"),
                row.getString("request_id"), row.getLong("license_id"), row.getLong("device_id"),
                row.getString("hardware_id"), row.getString("principal"), row.getString("source_ip"),
                row.getInteger("schema_version"), row.getLong("consumptions"),
                JsonValues.plain(row.getValue("feature_deltas")), JsonValues.plain(row.getValue("client_info")),
                row.getOffsetDateTime("created_at"));
    }

    public void pause() {
        rows.pause();
    }

    public void resume() {
        rows.resume();
    }

    /** Ends the export early (the client went away): closes the cursor and gives the connection back. */
    public Future<Void> close() {
        return rows.close().eventually(() -> transaction.rollback()).eventually(() -> connection.close());
    }
}
