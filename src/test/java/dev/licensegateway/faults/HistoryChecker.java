package dev.licensegateway.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Proves the history against the rows PostgreSQL kept, read directly (not through the proxy):
 * <ul>
 *   <li>every acknowledged operation persisted exactly once, with its own payload digest;</li>
 *   <li>every refused operation persisted nothing, with the code its kind must get, and its device is active;</li>
 *   <li>an unknown operation persisted at most once;</li>
 *   <li>every persisted request belongs to an operation of the history, with one audit event;</li>
 *   <li>no device was deactivated twice, and a device is inactive exactly when a deactivation of it persisted;</li>
 *   <li>license and feature totals and times_activated equal their start plus the persisted deltas.</li>
 * </ul>
 */
final class HistoryChecker {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A persisted deactivation as the database has it. */
    record Persisted(String requestId, String digest, String license, String hardwareId, long consumptions,
                     long featureDelta, int events) {
    }

    final List<String> violations = new ArrayList<>();
    long persistedUnknown;
    long persisted;

    void check(History history, FaultDataset dataset, String jdbcUrl) throws SQLException {
        Map<String, Persisted> rows = persisted(dataset, jdbcUrl);
        persisted = rows.size();
        Map<String, Boolean> active = activeDevices(dataset, jdbcUrl);
        Map<String, History.Entry> byRequestAndDigest = new HashMap<>();
        for (History.Entry entry : history.entries()) {
            FaultDataset.Op op = entry.op;
            byRequestAndDigest.put(op.requestId() + "/" + op.digest(), entry);
            Persisted row = rows.get(op.requestId());
            boolean mine = row != null && row.digest().equals(op.digest());
            String expected = op.kind().expectedCode;
            switch (entry.outcome) {
                case ACKNOWLEDGED -> {
                    if (expected != null) {
                        violations.add("op " + op.id() + " (" + op.kind() + ") was acknowledged; expected " + expected);
                    } else if (!mine) {
                        violations.add("op " + op.id() + " (" + op.kind() + ") acknowledged but not persisted with its digest");
                    } else if (row.events() != 1) {
                        violations.add("op " + op.id() + " persisted with " + row.events() + " audit events");
                    }
                }
                case REFUSED -> {
                    if (!java.util.Objects.equals(entry.code, expected)) {
                        violations.add("op " + op.id() + " (" + op.kind() + ") refused with " + entry.code + "; expected "
                                + (expected == null ? "200" : expected));
                    }
                    if (mine) {
                        violations.add("op " + op.id() + " (" + op.kind() + ") refused but persisted");
                    }
                }
                case UNKNOWN -> persistedUnknown += mine && op.kind() == FaultDataset.Kind.DEACTIVATE ? 1 : 0;
            }
        }
        long[] totals = new long[3];
        int[] deactivated = new int[2];
        for (Persisted row : rows.values()) {
            if (!byRequestAndDigest.containsKey(row.requestId() + "/" + row.digest())) {
                violations.add("persisted request " + row.requestId() + " is no operation of the history");
            }
            if (row.events() != 1) {
                violations.add("request " + row.requestId() + " has " + row.events() + " audit events");
            }
            int license = row.license().equals("CONS") ? 0 : 1;
            deactivated[license]++;
            if (license == 0) {
                totals[0] += row.consumptions();
                totals[1] += row.featureDelta();
            }
        }
        checkDevices(rows, active);
        checkCounters(dataset, jdbcUrl, totals, deactivated);
    }

    private void checkDevices(Map<String, Persisted> rows, Map<String, Boolean> active) {
        Map<String, Integer> perDevice = new HashMap<>();
        rows.values().forEach(r -> perDevice.merge(r.license() + "/" + r.hardwareId(), 1, Integer::sum));
        perDevice.forEach((device, n) -> {
            if (n > 1) {
                violations.add("device " + device + " deactivated " + n + " times");
            }
        });
        active.forEach((device, isActive) -> {
            boolean deactivated = perDevice.containsKey(device);
            if (isActive == deactivated) {
                violations.add("device " + device + (isActive ? " active after a persisted deactivation"
                        : " inactive without a persisted deactivation"));
            }
        });
    }

    private void checkCounters(FaultDataset dataset, String jdbcUrl, long[] totals, int[] deactivated) throws SQLException {
        int start = dataset.devices + FaultDataset.RESERVED;
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            List<String[]> licenses = query(db, "SELECT license_key, total_consumptions::text, times_activated::text "
                    + "FROM licenses WHERE company_id = ? ORDER BY license_key", dataset.company);
            for (String[] l : licenses) {
                int index = l[0].equals("CONS") ? 0 : 1;
                long expectedTotal = index == 0 ? totals[0] : 0;
                if (Long.parseLong(l[1]) != expectedTotal) {
                    violations.add("license " + l[0] + " total " + l[1] + " != sum of persisted deltas " + expectedTotal);
                }
                if (Long.parseLong(l[2]) != start - deactivated[index]) {
                    violations.add("license " + l[0] + " times_activated " + l[2] + " != " + (start - deactivated[index]));
                }
            }
            String feature = query(db, "SELECT lf.total_consumptions::text FROM license_features lf JOIN licenses l "
                    + "USING (company_id, license_id) WHERE lf.company_id = ? AND l.license_key = 'CONS'", dataset.company).get(0)[0];
            if (Long.parseLong(feature) != totals[1]) {
                violations.add("feature total " + feature + " != sum of persisted feature deltas " + totals[1]);
            }
        }
    }

    private static Map<String, Persisted> persisted(FaultDataset dataset, String jdbcUrl) throws SQLException {
        Map<String, Persisted> rows = new HashMap<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            for (String[] r : query(db, """
                    SELECT r.request_id, encode(r.payload_digest, 'hex'), l.license_key, d.hardware_id,
                           coalesce(sum(e.consumptions), 0)::text, coalesce(max(e.feature_deltas::text), '{}'), count(e.event_id)::text
                    FROM deactivation_requests r
                    JOIN licenses l ON l.company_id = r.company_id AND l.license_id = r.license_id
                    JOIN devices d ON d.company_id = r.company_id AND d.device_id = r.device_id
                    LEFT JOIN deactivation_events e ON e.company_id = r.company_id AND e.request_id = r.request_id
                    WHERE r.company_id = ?
                    GROUP BY r.request_id, r.payload_digest, l.license_key, d.hardware_id""", dataset.company)) {
                long feature;
                try {
                    feature = JSON.readTree(r[5]).path(FaultDataset.FEATURE).asLong(0);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                rows.put(r[0], new Persisted(r[0], r[1], r[2], r[3], Long.parseLong(r[4]), feature, Integer.parseInt(r[6])));
            }
        }
        return rows;
    }

    private static Map<String, Boolean> activeDevices(FaultDataset dataset, String jdbcUrl) throws SQLException {
        Map<String, Boolean> active = new HashMap<>();
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            for (String[] r : query(db, "SELECT l.license_key || '/' || d.hardware_id, d.active::text FROM devices d "
                    + "JOIN licenses l USING (company_id, license_id) WHERE d.company_id = ?", dataset.company)) {
                if (active.put(r[0], Boolean.parseBoolean(r[1])) != null) {
                    throw new IllegalStateException("two device rows for " + r[0]);
                }
            }
        }
        return active;
    }

    private static List<String[]> query(Connection db, String sql, String company) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, company);
            List<String[]> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    String[] row = new String[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = result.getString(i + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
