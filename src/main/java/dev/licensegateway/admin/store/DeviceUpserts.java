package dev.licensegateway.admin.store;

import dev.licensegateway.admin.model.AdminActor;
import dev.licensegateway.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings devices to a wanted state in a handful of set-based statements per batch, each writing its admin
 * audit rows in the same statement: release active devices listed inactive (by operator), change the
 * variables of active ones, activate those not active (a released device gets a new row, so its history and
 * the old files that name it stay as they were), and record history rows for inactive devices never seen.
 * A device already as wanted is not touched, so the same batch twice changes nothing the second time.
 * {@code times_activated} moves by exactly the rows activated and released, and may not pass
 * {@code max_activations}. The licenses are locked first, in id order, as a deactivation locks them.
 */
public final class DeviceUpserts {

    /** One wanted device state; {@code variables} is JSON text or null (left as it is). */
    public record Wanted(long licenseId, String hardwareId, boolean active, String variables) {
    }

    private static final String LOCK = """
            SELECT license_id FROM licenses WHERE company_id = $1 AND license_id = ANY($2::bigint[])
            ORDER BY license_id FOR UPDATE""";

    private static final String WANTED = """
            WITH r AS (SELECT * FROM unnest($2::bigint[], $3::text[], $4::boolean[], $5::text[])
                                 AS r(license_id, hardware_id, active, variables)),
            """;

    private static final String AUDIT = """
            audit AS (INSERT INTO admin_audit (company_id, actor, source_ip, action, object_type, object_key, before, after)
                      SELECT $1, $6, $7, '%s', 'device', c.license_id || '/' || c.hardware_id, %s, %s FROM changed c)
            SELECT license_id, count(*) FROM changed GROUP BY license_id""";

    private static final String RELEASE = WANTED + """
            changed AS (UPDATE devices d SET active = false, deactivated_at = now()
                        FROM r WHERE d.company_id = $1 AND d.license_id = r.license_id
                                 AND d.hardware_id = r.hardware_id AND d.active AND NOT r.active
                        RETURNING d.license_id, d.hardware_id),
            """ + AUDIT.formatted("release", "'{\"active\": true}'::jsonb", "'{\"active\": false}'::jsonb");

    private static final String VARIABLES = WANTED + """
            old AS (SELECT d.device_id, d.variables FROM devices d JOIN r
                        ON d.license_id = r.license_id AND d.hardware_id = r.hardware_id
                    WHERE d.company_id = $1 AND d.active AND r.active AND r.variables IS NOT NULL
                      AND d.variables IS DISTINCT FROM r.variables::jsonb
                    FOR UPDATE OF d),
            changed AS (UPDATE devices d SET variables = r.variables::jsonb
                        FROM old, r WHERE d.company_id = $1 AND d.device_id = old.device_id
                                      AND d.license_id = r.license_id AND d.hardware_id = r.hardware_id
                        RETURNING d.license_id, d.hardware_id, old.variables AS before, d.variables AS after),
            """ + AUDIT.formatted("update", "jsonb_build_object('variables', c.before)",
            "jsonb_build_object('variables', c.after)");

    private static final String ACTIVATE = WANTED + """
            changed AS (INSERT INTO devices (company_id, license_id, hardware_id, active, variables)
                        SELECT $1, r.license_id, r.hardware_id, true, r.variables::jsonb FROM r WHERE r.active
                        ON CONFLICT (company_id, license_id, hardware_id) WHERE active DO NOTHING
                        RETURNING license_id, hardware_id, variables),
            """ + AUDIT.formatted("activate", "NULL",
            "jsonb_build_object('active', true, 'variables', c.variables)");

    private static final String HISTORY = WANTED + """
            changed AS (INSERT INTO devices (company_id, license_id, hardware_id, active, variables, deactivated_at)
                        SELECT $1, r.license_id, r.hardware_id, false, r.variables::jsonb, now() FROM r
                        WHERE NOT r.active AND NOT EXISTS (
                            SELECT 1 FROM devices d WHERE d.company_id = $1 AND d.license_id = r.license_id
                                                      AND d.hardware_id = r.hardware_id)
                        RETURNING license_id, hardware_id),
            """ + AUDIT.formatted("create", "NULL", "'{\"active\": false}'::jsonb");

    private static final String COUNT = """
            UPDATE licenses l SET times_activated = l.times_activated + d.n, updated_at = now()
            FROM unnest($2::bigint[], $3::integer[]) AS d(license_id, n)
            WHERE l.company_id = $1 AND l.license_id = d.license_id
            RETURNING l.license_id, l.times_activated, l.max_activations, l.license_key""";

    private DeviceUpserts() {
    }

    /**
     * Applies one batch; a device may appear once in it (callers keep the last line per device). Returns
     * the number of changes by action: activate, release, update, create.
     */
    public static Uni<Map<String, Integer>> apply(SqlRunner sql, String companyId, AdminActor actor,
                                                  List<Wanted> batch) {
        Map<String, Integer> changes = new LinkedHashMap<>();
        if (batch.isEmpty()) {
            return Uni.createFrom().item(changes);
        }
        Object[] parameters = parameters(companyId, actor, batch);
        Long[] licenses = batch.stream().map(Wanted::licenseId).distinct().toArray(Long[]::new);
        Map<Long, Integer> deltas = new LinkedHashMap<>();
        return sql.rows(LOCK, companyId, licenses)
                .flatMap(locked -> step(sql, RELEASE, parameters, "release", changes, deltas, -1))
                .flatMap(none -> step(sql, VARIABLES, parameters, "update", changes, deltas, 0))
                .flatMap(none -> step(sql, ACTIVATE, parameters, "activate", changes, deltas, 1))
                .flatMap(none -> step(sql, HISTORY, parameters, "create", changes, deltas, 0))
                .flatMap(none -> count(sql, companyId, deltas))
                .map(none -> changes);
    }

    private static Uni<Void> step(SqlRunner sql, String statement, Object[] parameters, String action,
                                  Map<String, Integer> changes, Map<Long, Integer> deltas, int sign) {
        return sql.rows(statement, parameters).map(rows -> {
            for (Object[] row : rows) {
                long licenseId = ((Number) row[0]).longValue();
                int n = ((Number) row[1]).intValue();
                changes.merge(action, n, Integer::sum);
                if (sign != 0) {
                    deltas.merge(licenseId, sign * n, Integer::sum);
                }
            }
            return null;
        });
    }

    private static Uni<Void> count(SqlRunner sql, String companyId, Map<Long, Integer> deltas) {
        deltas.values().removeIf(n -> n == 0);
        if (deltas.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.rows(COUNT, companyId, deltas.keySet().toArray(Long[]::new), deltas.values().toArray(Integer[]::new))
                .map(rows -> {
                    for (Object[] row : rows) {
                        int active = ((Number) row[1]).intValue();
                        int max = ((Number) row[2]).intValue();
                        if (active > max) {
                            throw ErrorCode.VALIDATION_ERROR.exception("the license "
                                    + (row[3] != null ? row[3] : "(id " + row[0] + ")") + " would have " + active
                                    + " active devices, more than its max_activations (" + max + "); nothing was written");
                        }
                    }
                    return null;
                });
    }

    private static Object[] parameters(String companyId, AdminActor actor, List<Wanted> batch) {
        int n = batch.size();
        Long[] licenses = new Long[n];
        String[] hardware = new String[n];
        Boolean[] active = new Boolean[n];
        String[] variables = new String[n];
        for (int i = 0; i < n; i++) {
            Wanted w = batch.get(i);
            licenses[i] = w.licenseId();
            hardware[i] = w.hardwareId();
            active[i] = w.active();
            variables[i] = w.variables();
        }
        return new Object[] {companyId, licenses, hardware, active, variables, actor.name(), actor.sourceIp()};
    }

    /** Keeps the last wanted state of each device, in first-seen order (a later line for a device wins). */
    public static List<Wanted> lastPerDevice(List<Wanted> lines) {
        Map<String, Wanted> last = new LinkedHashMap<>();
        for (Wanted w : lines) {
            last.put(w.licenseId() + "\u0000" + w.hardwareId(), w);
        }
        return new ArrayList<>(last.values());
    }
}
