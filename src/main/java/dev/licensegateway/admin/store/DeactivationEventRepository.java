package dev.licensegateway.admin.store;

import dev.licensegateway.admin.model.DeactivationEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the audit trail {@code deactivation_events}, which the deactivation path writes. Read-only here;
 * {@link DeactivationExport} streams it.
 */
@ApplicationScoped
public class DeactivationEventRepository {

    public static final String COLUMNS = "company_id, event_id, request_id, license_id, device_id, hardware_id, "
            + "principal, source_ip, schema_version, consumptions, feature_deltas, client_info, created_at";

    private final Pool pool;

    public DeactivationEventRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Boolean> companyExists(String companyId) {
        return pool.preparedQuery("SELECT 1 FROM companies WHERE company_id = $1")
                .execute(Tuple.of(companyId))
                .map(rows -> rows.size() > 0);
    }

    public Uni<List<DeactivationEvent>> newest(String companyId, int limit) {
        return list("SELECT " + COLUMNS + " FROM deactivation_events WHERE company_id = $1 "
                + "ORDER BY event_id DESC LIMIT $2", Tuple.of(companyId, limit));
    }

    /** A keyset page in event order: the events after {@code afterEventId}. */
    public Uni<List<DeactivationEvent>> after(String companyId, long afterEventId, int limit) {
        return list("SELECT " + COLUMNS + " FROM deactivation_events WHERE company_id = $1 AND event_id > $2 "
                + "ORDER BY event_id LIMIT $3", Tuple.of(companyId, afterEventId, limit));
    }

    public Uni<List<DeactivationEvent>> byRequest(String companyId, String requestId, int limit) {
        return list("SELECT " + COLUMNS + " FROM deactivation_events WHERE company_id = $1 AND request_id = $2 "
                + "ORDER BY event_id DESC LIMIT $3", Tuple.of(companyId, requestId, limit));
    }

    public Uni<List<DeactivationEvent>> byLicense(String companyId, long licenseId, int limit) {
        return list("SELECT " + COLUMNS + " FROM deactivation_events WHERE company_id = $1 AND license_id = $2 "
                + "ORDER BY event_id DESC LIMIT $3", Tuple.of(companyId, licenseId, limit));
    }

    private Uni<List<DeactivationEvent>> list(String sql, Tuple parameters) {
        return pool.preparedQuery(sql).execute(parameters).map(rows -> {
            List<DeactivationEvent> events = new ArrayList<>(rows.size());
            rows.forEach(row -> events.add(from(row)));
            return events;
        });
    }

    public static DeactivationEvent from(Row row) {
        return new DeactivationEvent(row.getString("company_id"), row.getLong("event_id"),
                row.getString("request_id"), row.getLong("license_id"), row.getLong("device_id"),
                row.getString("hardware_id"), row.getString("principal"), row.getString("source_ip"),
                row.getInteger("schema_version"), row.getLong("consumptions"),
                JsonValues.plain(row.getValue("feature_deltas")), JsonValues.plain(row.getValue("client_info")),
                row.getOffsetDateTime("created_at"));
    }
}
