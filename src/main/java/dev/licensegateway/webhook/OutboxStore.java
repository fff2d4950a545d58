package dev.licensegateway.webhook;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The outbox as the dispatchers see it. A claim takes due rows with {@code FOR UPDATE SKIP LOCKED} and moves
 * their {@code next_attempt_at} past the lease in the same statement, so concurrent dispatchers on any number
 * of replicas never hold one delivery at the same time; an outcome is recorded only by the claim's owner and
 * attempt. A delivered row keeps its owner's name: who delivered it.
 */
public final class OutboxStore {

    private static final String CLAIM = """
            WITH due AS (
                SELECT company_id, delivery_id FROM webhook_outbox
                WHERE state = 'pending' AND next_attempt_at <= now()
                ORDER BY next_attempt_at, delivery_id
                LIMIT $1
                FOR UPDATE SKIP LOCKED
            ), claimed AS (
                UPDATE webhook_outbox o
                SET lease_owner = $2, attempts = o.attempts + 1,
                    next_attempt_at = now() + $3 * interval '1 millisecond'
                FROM due WHERE o.company_id = due.company_id AND o.delivery_id = due.delivery_id
                RETURNING o.company_id, o.delivery_id, o.event_id, o.endpoint_id, o.attempts
            )
            SELECT c.company_id, c.delivery_id, c.event_id, c.attempts, w.url, w.secret_encrypted,
                   json_build_object(
                       'id', 'evt_' || e.event_id,
                       'type', 'license.device_deactivated',
                       'created_at', e.created_at,
                       'company', e.company_id,
                       'data', json_build_object(
                           'event_id', e.event_id, 'request_id', e.request_id,
                           'license_id', e.license_id, 'license_key', l.license_key, 'product', p.code,
                           'device_id', e.device_id, 'hardware_id', e.hardware_id,
                           'principal', e.principal, 'source_ip', e.source_ip,
                           'schema_version', e.schema_version, 'consumptions', e.consumptions,
                           'feature_deltas', e.feature_deltas, 'client_info', e.client_info,
                           'deactivated_at', e.created_at))::text AS body
            FROM claimed c
            JOIN webhook_endpoints w ON w.company_id = c.company_id AND w.endpoint_id = c.endpoint_id
            JOIN deactivation_events e ON e.company_id = c.company_id AND e.event_id = c.event_id
            LEFT JOIN licenses l ON l.company_id = e.company_id AND l.license_id = e.license_id
            LEFT JOIN products p ON p.company_id = l.company_id AND p.product_id = l.product_id
            """;

    private static final String DELIVERED = """
            UPDATE webhook_outbox SET state = 'delivered', delivered_at = now(), last_status = $5, last_error = NULL
            WHERE company_id = $1 AND delivery_id = $2 AND lease_owner = $3 AND attempts = $4 AND state = 'pending'
            """;

    private static final String FAILED = """
            UPDATE webhook_outbox
            SET state = CASE WHEN attempts >= $7 THEN 'failed' ELSE 'pending' END,
                next_attempt_at = now() + $8 * interval '1 millisecond',
                last_status = $5, last_error = $6, lease_owner = NULL
            WHERE company_id = $1 AND delivery_id = $2 AND lease_owner = $3 AND attempts = $4 AND state = 'pending'
            """;

    private final Pool pool;
    private final String owner;

    /** @param owner this dispatcher's name in {@code lease_owner} (unique per process) */
    public OutboxStore(Pool pool, String owner) {
        this.pool = pool;
        this.owner = owner;
    }

    public Uni<List<Delivery>> claim(int limit, Duration lease) {
        return pool.withTransaction(connection -> connection.preparedQuery(CLAIM)
                .execute(Tuple.of(limit, owner, lease.toMillis()))
                .map(rows -> {
                    List<Delivery> claimed = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        claimed.add(new Delivery(row.getString("company_id"), row.getLong("delivery_id"),
                                "evt_" + row.getLong("event_id"), row.getInteger("attempts"), row.getString("url"),
                                row.getBuffer("secret_encrypted").getBytes(), row.getString("body")));
                    }
                    return claimed;
                }));
    }

    public Uni<Void> delivered(Delivery delivery, int status) {
        return pool.preparedQuery(DELIVERED)
                .execute(Tuple.of(delivery.companyId(), delivery.deliveryId(), owner, delivery.attempt(), status))
                .replaceWithVoid();
    }

    /** Schedules the next attempt after {@code backoff}, or marks the delivery failed after the last one. */
    public Uni<Void> failed(Delivery delivery, Integer status, String error, int maxAttempts, Duration backoff) {
        return pool.preparedQuery(FAILED)
                .execute(Tuple.tuple().addString(delivery.companyId()).addLong(delivery.deliveryId()).addString(owner)
                        .addInteger(delivery.attempt()).addInteger(status).addString(error).addInteger(maxAttempts)
                        .addLong(backoff.toMillis()))
                .replaceWithVoid();
    }
}
