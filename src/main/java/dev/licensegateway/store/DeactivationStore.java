package dev.licensegateway.store;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of a deactivation, as {@code $n} prepared statements on the reactive client. The caller
 * owns the transaction; every method takes the connection it runs on.
 */
@ApplicationScoped
public class DeactivationStore {

    static final String FIND_APPLIED = """
            SELECT payload_digest FROM deactivation_requests
            WHERE company_id = $1 AND (request_id = $2 OR (license_id = $4 AND signature_fingerprint = $3))
            LIMIT 1""";

    // The row lock serialises every deactivation of one license; what is read after it is current.
    static final String LOCK_BY_KEY = """
            SELECT l.license_id, l.license_type, l.trial, l.enabled, l.max_consumptions, l.total_consumptions,
                   l.allow_overages, l.max_overages, l.allow_unlimited_consumptions, l.allow_negative_consumptions
            FROM licenses l JOIN products p ON p.company_id = l.company_id AND p.product_id = l.product_id
            WHERE p.company_id = $1 AND p.code = $2 AND l.license_key = $3 AND p.authorization_method = 'license-key'
            FOR UPDATE OF l""";

    static final String LOCK_BY_USER = """
            SELECT l.license_id, l.license_type, l.trial, l.enabled, l.max_consumptions, l.total_consumptions,
                   l.allow_overages, l.max_overages, l.allow_unlimited_consumptions, l.allow_negative_consumptions
            FROM license_users u
            JOIN products p ON p.company_id = u.company_id AND p.product_id = u.product_id
            JOIN licenses l ON l.company_id = u.company_id AND l.license_id = u.license_id
            WHERE p.company_id = $1 AND p.code = $2 AND u.username = $3 AND p.authorization_method = 'user'
            FOR UPDATE OF l""";

    static final String PASSWORD_HASH = """
            SELECT u.password_hash FROM license_users u
            JOIN products p ON p.company_id = u.company_id AND p.product_id = u.product_id
            WHERE u.company_id = $1 AND p.code = $2 AND u.username = $3""";

    static final String PRODUCT_EXISTS = "SELECT 1 FROM products WHERE company_id = $1 AND code = $2";

    static final String LOAD_STATE = """
            SELECT (SELECT d.device_id FROM devices d
                    WHERE d.company_id = $1 AND d.license_id = $2 AND d.hardware_id = $3 AND d.active) AS device_id,
                   (SELECT r.payload_digest FROM deactivation_requests r
                    WHERE r.company_id = $1 AND (r.request_id = $4 OR (r.license_id = $2 AND r.signature_fingerprint = $5))
                    LIMIT 1) AS applied_digest,
                   (SELECT json_agg(json_build_object(
                            'id', lf.feature_id, 'code', pf.code, 'type', pf.feature_type,
                            'max', lf.max_consumptions, 'total', lf.total_consumptions,
                            'overages', lf.allow_overages, 'max_overages', lf.max_overages,
                            'unlimited', lf.allow_unlimited_consumptions, 'negative', lf.allow_negative_consumptions))
                    FROM license_features lf
                    JOIN product_features pf ON pf.company_id = lf.company_id AND pf.feature_id = lf.feature_id
                    WHERE lf.company_id = $1 AND lf.license_id = $2 AND $6) AS features""";

    // One statement writes everything, guarded by the claim: if another transaction already holds this
    // request id or inner signature, the claim inserts nothing and so does every other part.
    // JSON is bound as text and cast in SQL: bound to a jsonb parameter, a String would be stored as a JSON string.
    static final String APPLY = """
            WITH claim AS (
                INSERT INTO deactivation_requests
                    (company_id, request_id, payload_digest, signature_fingerprint, license_id, device_id, outcome)
                VALUES ($1, $2, $3, $4, $5, $6, 'license_deactivated')
                ON CONFLICT DO NOTHING
                RETURNING request_id
            ), device AS (
                UPDATE devices SET active = false, deactivated_at = now(), variables = COALESCE(($7::text)::jsonb, variables)
                WHERE company_id = $1 AND device_id = $6 AND EXISTS (SELECT 1 FROM claim)
            ), license AS (
                UPDATE licenses SET times_activated = GREATEST(times_activated - 1, 0),
                                    total_consumptions = total_consumptions + $8, updated_at = now()
                WHERE company_id = $1 AND license_id = $5 AND EXISTS (SELECT 1 FROM claim)
            ), features AS (
                UPDATE license_features lf SET total_consumptions = lf.total_consumptions + x.delta
                FROM unnest($9::bigint[], $10::bigint[]) AS x(feature_id, delta)
                WHERE lf.company_id = $1 AND lf.license_id = $5 AND lf.feature_id = x.feature_id
                  AND EXISTS (SELECT 1 FROM claim)
            )
            INSERT INTO deactivation_events (company_id, request_id, license_id, device_id, hardware_id, principal,
                                             source_ip, schema_version, consumptions, feature_deltas, client_info)
            SELECT $1, $2, $5, $6, $11, $12, $13, $14, $8, ($15::text)::jsonb, ($16::text)::jsonb FROM claim
            RETURNING event_id""";

    /**
     * The digest of an applied request with this request id, or with this inner signature on this license
     * (the claim of an inner signature is scoped to the license it names, SPEC §5). {@code licenseId} null
     * (not yet known, outside the transaction) looks by request id only; so does a null fingerprint.
     */
    public Uni<Optional<byte[]>> findApplied(SqlClient client, String companyId, String requestId, byte[] fingerprint,
                                             Long licenseId) {
        return client.preparedQuery(FIND_APPLIED)
                .execute(Tuple.of(companyId, requestId, bytes(fingerprint), licenseId))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getDelegate().getBuffer(0).getBytes()));
    }

    public Uni<Optional<LockedLicense>> lockLicense(SqlClient client, String companyId, String productCode,
                                                    String licenseKey, String username) {
        String sql = licenseKey != null ? LOCK_BY_KEY : LOCK_BY_USER;
        String identity = licenseKey != null ? licenseKey : username;
        return client.preparedQuery(sql).execute(Tuple.of(companyId, productCode, identity))
                .map(DeactivationStore::lockedLicense);
    }

    /** The user's stored password hash; empty when the user is unknown or has no password. */
    public Uni<Optional<String>> passwordHash(SqlClient client, String companyId, String productCode, String username) {
        return client.preparedQuery(PASSWORD_HASH).execute(Tuple.of(companyId, productCode, username))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.ofNullable(rows.iterator().next().getString(0)));
    }

    public Uni<Boolean> productExists(SqlClient client, String companyId, String productCode) {
        return client.preparedQuery(PRODUCT_EXISTS).execute(Tuple.of(companyId, productCode))
                .map(rows -> rows.size() > 0);
    }

    public Uni<LicenseState> loadState(SqlClient client, String companyId, long licenseId, String hardwareId,
                                       String requestId, byte[] fingerprint, boolean withFeatures) {
        return client.preparedQuery(LOAD_STATE)
                .execute(Tuple.of(companyId, licenseId, hardwareId, requestId, bytes(fingerprint), withFeatures))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Buffer digest = row.getDelegate().getBuffer("applied_digest");
                    return new LicenseState(row.getLong("device_id"), digest == null ? null : digest.getBytes(),
                            features(row.getDelegate().getJsonArray("features")));
                });
    }

    /** Writes the deactivation; false when the claim was taken by a concurrent transaction (nothing written). */
    public Uni<Boolean> apply(SqlClient client, Deactivation d) {
        Long[] featureIds = d.featureDeltas().keySet().toArray(Long[]::new);
        Long[] deltas = d.featureDeltas().values().toArray(Long[]::new);
        Tuple tuple = Tuple.of(d.companyId(), d.requestId(), Buffer.buffer(d.payloadDigest()));
        tuple.addValue(bytes(d.signatureFingerprint()));
        tuple.addLong(d.licenseId());
        tuple.addLong(d.deviceId());
        tuple.addValue(d.variablesJson());
        tuple.addLong(d.consumptions());
        tuple.addArrayOfLong(featureIds);
        tuple.addArrayOfLong(deltas);
        tuple.addString(d.hardwareId());
        tuple.addString(d.principal());
        tuple.addString(d.sourceIp());
        tuple.addInteger(d.schemaVersion());
        tuple.addValue(d.featureDeltasByCode().isEmpty() ? null : new JsonObject(Map.copyOf(d.featureDeltasByCode())).encode());
        tuple.addValue(new JsonObject(d.clientInfo()).encode());
        return client.preparedQuery(APPLY).execute(tuple).map(rows -> rows.size() == 1);
    }

    /** A bytea parameter; null stays null (a file without inner signature claims none). */
    static Buffer bytes(byte[] value) {
        return value == null ? null : Buffer.buffer(value);
    }

    private static Optional<LockedLicense> lockedLicense(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(lockedLicense(rows.iterator().next()));
    }

    static LockedLicense lockedLicense(Row row) {
        return new LockedLicense(row.getLong("license_id"), row.getString("license_type"),
                row.getBoolean("trial"), row.getBoolean("enabled"),
                new LockedLicense.Limits(row.getLong("max_consumptions"), row.getLong("total_consumptions"),
                        row.getBoolean("allow_overages"), row.getLong("max_overages"),
                        row.getBoolean("allow_unlimited_consumptions"), row.getBoolean("allow_negative_consumptions")));
    }

    private static List<LicenseFeature> features(JsonArray json) {
        if (json == null) {
            return List.of();
        }
        List<LicenseFeature> features = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            JsonObject f = json.getJsonObject(i);
            features.add(new LicenseFeature(f.getLong("id"), f.getString("code"), "consumption".equals(f.getString("type")),
                    new LockedLicense.Limits(f.getLong("max"), f.getLong("total"), f.getBoolean("overages"),
                            f.getLong("max_overages"), f.getBoolean("unlimited"), f.getBoolean("negative"))));
        }
        return features;
    }
}
