package dev.licensegateway.admin.store;

import dev.licensegateway.admin.model.AdminActor;
import dev.licensegateway.admin.model.BulkDeviceLine;
import dev.licensegateway.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One bulk device load: one connection, one transaction, batches of devices written with one multi-row
 * INSERT each and the licenses' {@code times_activated} raised by one UPDATE each (create), or brought to the
 * lines' states by the set-based statements of {@link DeviceUpserts} (upsert). Nothing is visible
 * before {@link #commit()}, and a failure anywhere leaves nothing behind.
 */
public final class BulkDeviceWriter {

    /** A parsed line and its number in the upload, for messages. */
    public record NumberedLine(long number, BulkDeviceLine line) {
    }

    /** License ids by key, kept across batches; bounded so that a million distinct keys cost no more. */
    private static final int KEY_CACHE_LIMIT = 100_000;

    private final SqlConnection connection;
    private final Transaction transaction;
    private final String companyId;
    /** Null for a create load (insert only); who to audit for an upsert load. */
    private final AdminActor upsertBy;
    private final Map<String, Long> idsByKey = new HashMap<>();
    private final Map<String, Integer> changes = new TreeMap<>();

    private BulkDeviceWriter(SqlConnection connection, Transaction transaction, String companyId, AdminActor upsertBy) {
        this.connection = connection;
        this.transaction = transaction;
        this.companyId = companyId;
        this.upsertBy = upsertBy;
    }

    /**
     * Opens the transaction; fails with not_found when the company does not exist. With {@code upsertBy}
     * each line states the device's wanted state (see {@link DeviceUpserts}); without, lines are new devices.
     */
    public static Future<BulkDeviceWriter> open(Pool pool, String companyId, AdminActor upsertBy) {
        return pool.getConnection().compose(connection -> connection.begin()
                .compose(tx -> connection.preparedQuery("SELECT 1 FROM companies WHERE company_id = $1")
                        .execute(Tuple.of(companyId))
                        .compose(rows -> rows.size() == 1
                                ? Future.succeededFuture(new BulkDeviceWriter(connection, tx, companyId, upsertBy))
                                : Future.failedFuture(ErrorCode.NOT_FOUND.exception("No such company."))))
                .onFailure(e -> connection.close()));
    }

    /** Changes by action so far (upsert loads). */
    public Map<String, Integer> changes() {
        return Map.copyOf(changes);
    }

    /** Writes one batch; the lines are already checked for shape. */
    public Future<Void> write(List<NumberedLine> lines) {
        return upsertBy != null ? upsert(lines) : insert(lines);
    }

    private Future<Void> upsert(List<NumberedLine> lines) {
        return resolve(lines).compose(licenseIds -> {
            List<DeviceUpserts.Wanted> wanted = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                BulkDeviceLine line = lines.get(i).line();
                wanted.add(new DeviceUpserts.Wanted(licenseIds[i], line.hardwareId(),
                        line.active() == null || line.active(),
                        line.variables() == null ? null : new JsonObject(line.variables()).encode()));
            }
            return Future.fromCompletionStage(DeviceUpserts.apply(this::rows, companyId, upsertBy,
                            DeviceUpserts.lastPerDevice(wanted)).subscribeAsCompletionStage())
                    .map(done -> {
                        done.forEach((action, n) -> changes.merge(action, n, Integer::sum));
                        return null;
                    });
        });
    }

    /** {@link SqlRunner} on this load's connection and transaction. */
    private Uni<List<Object[]>> rows(String sql, Object... parameters) {
        return Uni.createFrom().completionStage(() -> connection.preparedQuery(sql).execute(Tuple.wrap(parameters))
                .map(rows -> {
                    List<Object[]> result = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        Object[] values = new Object[row.size()];
                        for (int i = 0; i < values.length; i++) {
                            values[i] = row.getValue(i);
                        }
                        result.add(values);
                    }
                    return result;
                }).toCompletionStage());
    }

    private Future<Void> insert(List<NumberedLine> lines) {
        return resolve(lines).compose(licenseIds -> {
            MultiRowInsert.Rows rows = Inserts.DEVICES.rows();
            Map<Long, Integer> activations = new LinkedHashMap<>();
            Map<Long, Long> lastLine = new HashMap<>();
            for (int i = 0; i < lines.size(); i++) {
                BulkDeviceLine line = lines.get(i).line();
                boolean active = line.active() == null || line.active();
                long licenseId = licenseIds[i];
                rows.add(licenseId, line.hardwareId(), active,
                        line.variables() == null ? null : new JsonObject(line.variables()).encode());
                if (active) {
                    activations.merge(licenseId, 1, Integer::sum);
                    lastLine.put(licenseId, lines.get(i).number());
                }
            }
            return connection.preparedQuery(rows.sql()).execute(Tuple.wrap(rows.parameters(companyId)))
                    .recover(e -> Future.failedFuture(duplicate(e, lines)))
                    .compose(inserted -> raiseActivations(activations, lastLine));
        });
    }

    public Future<Void> commit() {
        return transaction.commit().eventually(() -> connection.close());
    }

    public Future<Void> rollback() {
        return transaction.rollback().eventually(() -> connection.close());
    }

    /** The license id of every line, in order; an unknown license fails the load with its line number. */
    private Future<long[]> resolve(List<NumberedLine> lines) {
        Set<String> keys = new LinkedHashSet<>();
        Set<Long> ids = new LinkedHashSet<>();
        for (NumberedLine numbered : lines) {
            BulkDeviceLine line = numbered.line();
            if (line.licenseKey() != null && !idsByKey.containsKey(line.licenseKey())) {
                keys.add(line.licenseKey());
            } else if (line.licenseId() != null) {
                ids.add(line.licenseId());
            }
        }
        if (idsByKey.size() + keys.size() > KEY_CACHE_LIMIT) {
            idsByKey.clear();
            lines.forEach(l -> {
                if (l.line().licenseKey() != null) {
                    keys.add(l.line().licenseKey());
                }
            });
        }
        return connection.preparedQuery("SELECT license_id, license_key FROM licenses WHERE company_id = $1 "
                        + "AND (license_key = ANY($2::text[]) OR license_id = ANY($3::bigint[]))")
                .execute(Tuple.of(companyId, keys.toArray(String[]::new), ids.toArray(Long[]::new)))
                .map(rows -> {
                    Set<Long> knownIds = new HashSet<>();
                    for (Row row : rows) {
                        knownIds.add(row.getLong(0));
                        if (row.getString(1) != null) {
                            idsByKey.put(row.getString(1), row.getLong(0));
                        }
                    }
                    long[] resolved = new long[lines.size()];
                    for (int i = 0; i < resolved.length; i++) {
                        BulkDeviceLine line = lines.get(i).line();
                        Long id = line.licenseKey() != null ? idsByKey.get(line.licenseKey())
                                : knownIds.contains(line.licenseId()) ? line.licenseId() : null;
                        if (id == null) {
                            throw ErrorCode.VALIDATION_ERROR.exception("line " + lines.get(i).number() + ": "
                                    + (line.licenseKey() != null ? "license_key" : "license_id")
                                    + ": no such license in this company");
                        }
                        resolved[i] = id;
                    }
                    return resolved;
                });
    }

    private Future<Void> raiseActivations(Map<Long, Integer> activations, Map<Long, Long> lastLine) {
        if (activations.isEmpty()) {
            return Future.succeededFuture();
        }
        Long[] ids = activations.keySet().toArray(Long[]::new);
        Integer[] counts = activations.values().toArray(Integer[]::new);
        return connection.preparedQuery("""
                        UPDATE licenses l SET times_activated = l.times_activated + d.n, updated_at = now()
                        FROM unnest($2::bigint[], $3::integer[]) AS d(license_id, n)
                        WHERE l.company_id = $1 AND l.license_id = d.license_id
                        RETURNING l.license_id, l.times_activated, l.max_activations
                        """)
                .execute(Tuple.of(companyId, ids, counts))
                .compose(rows -> {
                    for (Row row : rows) {
                        if (row.getInteger(1) > row.getInteger(2)) {
                            return Future.failedFuture(ErrorCode.VALIDATION_ERROR.exception("line "
                                    + lastLine.get(row.getLong(0)) + ": the license (id " + row.getLong(0)
                                    + ") would have " + row.getInteger(1) + " active devices, more than its "
                                    + "max_activations (" + row.getInteger(2) + ")"));
                        }
                    }
                    return Future.succeededFuture();
                });
    }

    private static Throwable duplicate(Throwable failure, List<NumberedLine> lines) {
        if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())) {
            return ErrorCode.ALREADY_EXISTS.exception("lines " + lines.get(0).number() + "-"
                    + lines.get(lines.size() - 1).number() + ": an active device with the same hardware_id "
                    + "already exists on the license (or is listed twice); nothing was written");
        }
        return failure;
    }
}
