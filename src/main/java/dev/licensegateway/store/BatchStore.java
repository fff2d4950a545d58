package dev.licensegateway.store;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The set-based SQL of a batch: each statement reads or writes the rows of many files at once
 * ({@code unnest} of arrays), so a chunk of a hundred files costs a handful of round trips.
 */
@ApplicationScoped
public class BatchStore {

    static final String FIND_APPLIED = """
            SELECT request_id, license_id, signature_fingerprint, payload_digest FROM deactivation_requests
            WHERE company_id = $1 AND (request_id = ANY($2::text[])
               OR (license_id, signature_fingerprint) IN (SELECT * FROM unnest($3::bigint[], $4::bytea[])))""";

    static final String LICENSE_COLUMNS = """
            l.license_id, l.license_type, l.trial, l.enabled, l.max_consumptions, l.total_consumptions,
            l.allow_overages, l.max_overages, l.allow_unlimited_consumptions, l.allow_negative_consumptions""";

    // Locks in license_id order, so that two batches never wait on each other in a cycle.
    static final String LOCK_BY_KEY = "SELECT k.product, k.identity, " + LICENSE_COLUMNS + """

            FROM unnest($2::text[], $3::text[]) AS k(product, identity)
            JOIN products p ON p.company_id = $1 AND p.code = k.product AND p.authorization_method = 'license-key'
            JOIN licenses l ON l.company_id = $1 AND l.license_key = k.identity AND l.product_id = p.product_id
            ORDER BY l.license_id
            FOR UPDATE OF l""";

    static final String LOCK_BY_USER = "SELECT k.product, k.identity, " + LICENSE_COLUMNS + """

            FROM unnest($2::text[], $3::text[]) AS k(product, identity)
            JOIN products p ON p.company_id = $1 AND p.code = k.product AND p.authorization_method = 'user'
            JOIN license_users u ON u.company_id = $1 AND u.product_id = p.product_id AND u.username = k.identity
            JOIN licenses l ON l.company_id = $1 AND l.license_id = u.license_id
            ORDER BY l.license_id
            FOR UPDATE OF l""";

    static final String PASSWORD_HASHES = """
            SELECT k.product, k.username, u.password_hash
            FROM unnest($2::text[], $3::text[]) AS k(product, username)
            JOIN products p ON p.company_id = $1 AND p.code = k.product
            JOIN license_users u ON u.company_id = $1 AND u.product_id = p.product_id AND u.username = k.username""";

    static final String PRODUCTS = "SELECT code FROM products WHERE company_id = $1 AND code = ANY($2::text[])";

    static final String ACTIVE_DEVICES = """
            SELECT d.license_id, d.hardware_id, d.device_id
            FROM unnest($2::bigint[], $3::text[]) AS k(license_id, hardware_id)
            JOIN devices d ON d.company_id = $1 AND d.license_id = k.license_id AND d.hardware_id = k.hardware_id
                          AND d.active""";

    static final String FEATURES = """
            SELECT lf.license_id, lf.feature_id, pf.code, pf.feature_type, lf.max_consumptions, lf.total_consumptions,
                   lf.allow_overages, lf.max_overages, lf.allow_unlimited_consumptions, lf.allow_negative_consumptions
            FROM license_features lf
            JOIN product_features pf ON pf.company_id = lf.company_id AND pf.feature_id = lf.feature_id
            WHERE lf.company_id = $1 AND lf.license_id = ANY($2::bigint[])""";

    // Like the single-file statement, every part is guarded by the claims that were really inserted; the
    // caller compares their count with the files it meant to apply and rolls back on any difference.
    static final String APPLY = """
            WITH input AS (
                SELECT * FROM unnest($2::text[], $3::bytea[], $4::bytea[], $5::bigint[], $6::bigint[], $7::text[],
                                     $8::text[], $9::bigint[], $10::text[], $11::int[], $12::text[], $13::text[])
                    AS t(request_id, digest, fingerprint, license_id, device_id, hardware_id, variables, consumptions,
                         principal, schema_version, feature_deltas, client_info)
            ), claim AS (
                INSERT INTO deactivation_requests
                    (company_id, request_id, payload_digest, signature_fingerprint, license_id, device_id, outcome)
                SELECT $1, request_id, digest, fingerprint, license_id, device_id, 'license_deactivated' FROM input
                ON CONFLICT DO NOTHING
                RETURNING request_id
            ), applied AS (
                SELECT input.* FROM input JOIN claim USING (request_id)
            ), device AS (
                UPDATE devices d SET active = false, deactivated_at = now(),
                                     variables = COALESCE(a.variables::jsonb, d.variables)
                FROM applied a WHERE d.company_id = $1 AND d.device_id = a.device_id
            ), license AS (
                UPDATE licenses l SET times_activated = GREATEST(l.times_activated - agg.n, 0),
                                      total_consumptions = l.total_consumptions + agg.delta, updated_at = now()
                FROM (SELECT license_id, count(*) AS n, sum(consumptions) AS delta FROM applied GROUP BY license_id) agg
                WHERE l.company_id = $1 AND l.license_id = agg.license_id
            ), feature AS (
                UPDATE license_features lf SET total_consumptions = lf.total_consumptions + agg.delta
                FROM (SELECT f.license_id, f.feature_id, sum(f.delta) AS delta
                      FROM unnest($14::text[], $15::bigint[], $16::bigint[], $17::bigint[])
                           AS f(request_id, license_id, feature_id, delta)
                      JOIN claim USING (request_id) GROUP BY f.license_id, f.feature_id) agg
                WHERE lf.company_id = $1 AND lf.license_id = agg.license_id AND lf.feature_id = agg.feature_id
            ), event AS (
                INSERT INTO deactivation_events (company_id, request_id, license_id, device_id, hardware_id, principal,
                                                 source_ip, schema_version, consumptions, feature_deltas, client_info)
                SELECT $1, request_id, license_id, device_id, hardware_id, principal, $18, schema_version, consumptions,
                       feature_deltas::jsonb, client_info::jsonb
                FROM applied
            )
            SELECT count(*) FROM claim""";

    /**
     * Digests of applied requests among these request ids, and among these inner signatures on these licenses
     * ({@code licenseIds[i]} with {@code fingerprints[i]}: a signature's claim is scoped to its license).
     */
    public Uni<AppliedClaims> findApplied(SqlClient client, String companyId, List<String> requestIds,
                                          List<Long> licenseIds, List<byte[]> fingerprints) {
        io.vertx.sqlclient.Tuple tuple = io.vertx.sqlclient.Tuple.of(companyId)
                .addArrayOfString(requestIds.toArray(String[]::new))
                .addArrayOfLong(licenseIds.toArray(Long[]::new))
                .addArrayOfBuffer(fingerprints.stream().map(Buffer::buffer).toArray(Buffer[]::new));
        return client.preparedQuery(FIND_APPLIED).execute(Tuple.newInstance(tuple)).map(rows -> {
            AppliedClaims claims = new AppliedClaims();
            for (Row row : rows) {
                byte[] digest = row.getDelegate().getBuffer("payload_digest").getBytes();
                Buffer fingerprint = row.getDelegate().getBuffer("signature_fingerprint");
                claims.add(row.getString("request_id"), row.getLong("license_id"),
                        fingerprint == null ? null : fingerprint.getBytes(), digest);
            }
            return claims;
        });
    }

    /** Locks the licenses named by (product, license key) or (product, username) pairs; keyed by that pair. */
    public Uni<Map<String, LockedLicense>> lockLicenses(SqlClient client, String companyId, boolean userBased,
                                                        List<String> products, List<String> identities) {
        if (products.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        io.vertx.sqlclient.Tuple tuple = io.vertx.sqlclient.Tuple.of(companyId)
                .addArrayOfString(products.toArray(String[]::new))
                .addArrayOfString(identities.toArray(String[]::new));
        return client.preparedQuery(userBased ? LOCK_BY_USER : LOCK_BY_KEY).execute(Tuple.newInstance(tuple)).map(rows -> {
            Map<String, LockedLicense> licenses = new HashMap<>();
            for (Row row : rows) {
                licenses.put(licenseKey(row.getString("product"), row.getString("identity")), DeactivationStore.lockedLicense(row));
            }
            return licenses;
        });
    }

    /** Stored password hashes by {@link #licenseKey}(product, username); absent for unknown users or no password. */
    public Uni<Map<String, String>> passwordHashes(SqlClient client, String companyId, List<String> products,
                                                   List<String> usernames) {
        io.vertx.sqlclient.Tuple tuple = io.vertx.sqlclient.Tuple.of(companyId)
                .addArrayOfString(products.toArray(String[]::new))
                .addArrayOfString(usernames.toArray(String[]::new));
        return client.preparedQuery(PASSWORD_HASHES).execute(Tuple.newInstance(tuple)).map(rows -> {
            Map<String, String> hashes = new HashMap<>();
            for (Row row : rows) {
                if (row.getString("password_hash") != null) {
                    hashes.put(licenseKey(row.getString("product"), row.getString("username")), row.getString("password_hash"));
                }
            }
            return hashes;
        });
    }

    public static String licenseKey(String product, String identity) {
        return product + '\u0000' + identity;
    }

    public Uni<List<String>> existingProducts(SqlClient client, String companyId, List<String> codes) {
        io.vertx.sqlclient.Tuple tuple = io.vertx.sqlclient.Tuple.of(companyId).addArrayOfString(codes.toArray(String[]::new));
        return client.preparedQuery(PRODUCTS).execute(Tuple.newInstance(tuple)).map(rows -> {
            List<String> found = new ArrayList<>();
            rows.forEach(row -> found.add(row.getString(0)));
            return found;
        });
    }

    /** Active devices among (license id, hardware id) pairs, keyed by {@link #deviceKey}. */
    public Uni<Map<String, Long>> activeDevices(SqlClient client, String companyId, List<Long> licenseIds,
                                                List<String> hardwareIds) {
        io.vertx.sqlclient.Tuple tuple = io.vertx.sqlclient.Tuple.of(companyId)
                .addArrayOfLong(licenseIds.toArray(Long[]::new))
                .addArrayOfString(hardwareIds.toArray(String[]::new));
        return client.preparedQuery(ACTIVE_DEVICES).execute(Tuple.newInstance(tuple)).map(rows -> {
            Map<String, Long> devices = new HashMap<>();
            for (Row row : rows) {
                devices.put(deviceKey(row.getLong("license_id"), row.getString("hardware_id")), row.getLong("device_id"));
            }
            return devices;
        });
    }

    public static String deviceKey(long licenseId, String hardwareId) {
        return licenseId + "\u0000" + hardwareId;
    }

    public Uni<Map<Long, List<LicenseFeature>>> features(SqlClient client, String companyId, List<Long> licenseIds) {
        io.vertx.sqlclient.Tuple tuple = io.vertx.sqlclient.Tuple.of(companyId).addArrayOfLong(licenseIds.toArray(Long[]::new));
        return client.preparedQuery(FEATURES).execute(Tuple.newInstance(tuple)).map(rows -> {
            Map<Long, List<LicenseFeature>> features = new HashMap<>();
            for (Row row : rows) {
                features.computeIfAbsent(row.getLong("license_id"), id -> new ArrayList<>()).add(new LicenseFeature(
                        row.getLong("feature_id"), row.getString("code"), "consumption".equals(row.getString("feature_type")),
                        new LockedLicense.Limits(row.getLong("max_consumptions"), row.getLong("total_consumptions"),
                                row.getBoolean("allow_overages"), row.getLong("max_overages"),
                                row.getBoolean("allow_unlimited_consumptions"), row.getBoolean("allow_negative_consumptions"))));
            }
            return features;
        });
    }

    /** Writes every deactivation of the chunk in one statement; returns how many claims were inserted. */
    public Uni<Integer> apply(SqlClient client, String companyId, String sourceIp, List<Deactivation> writes) {
        int n = writes.size();
        String[] requestIds = new String[n];
        Buffer[] digests = new Buffer[n];
        Buffer[] fingerprints = new Buffer[n];
        Long[] licenseIds = new Long[n];
        Long[] deviceIds = new Long[n];
        String[] hardwareIds = new String[n];
        String[] variables = new String[n];
        Long[] consumptions = new Long[n];
        String[] principals = new String[n];
        Integer[] versions = new Integer[n];
        String[] featureJson = new String[n];
        String[] clientInfo = new String[n];
        List<String> featureRequests = new ArrayList<>();
        List<Long> featureLicenses = new ArrayList<>();
        List<Long> featureIds = new ArrayList<>();
        List<Long> featureDeltas = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Deactivation d = writes.get(i);
            requestIds[i] = d.requestId();
            digests[i] = Buffer.buffer(d.payloadDigest());
            fingerprints[i] = DeactivationStore.bytes(d.signatureFingerprint());
            licenseIds[i] = d.licenseId();
            deviceIds[i] = d.deviceId();
            hardwareIds[i] = d.hardwareId();
            variables[i] = d.variablesJson();
            consumptions[i] = d.consumptions();
            principals[i] = d.principal();
            versions[i] = d.schemaVersion();
            featureJson[i] = d.featureDeltasByCode().isEmpty() ? null
                    : new io.vertx.core.json.JsonObject(Map.copyOf(d.featureDeltasByCode())).encode();
            clientInfo[i] = new io.vertx.core.json.JsonObject(d.clientInfo()).encode();
            d.featureDeltas().forEach((featureId, delta) -> {
                featureRequests.add(d.requestId());
                featureLicenses.add(d.licenseId());
                featureIds.add(featureId);
                featureDeltas.add(delta);
            });
        }
        io.vertx.sqlclient.Tuple tuple = io.vertx.sqlclient.Tuple.of(companyId)
                .addArrayOfString(requestIds).addArrayOfBuffer(digests).addArrayOfBuffer(fingerprints)
                .addArrayOfLong(licenseIds).addArrayOfLong(deviceIds).addArrayOfString(hardwareIds)
                .addArrayOfString(variables).addArrayOfLong(consumptions).addArrayOfString(principals)
                .addArrayOfInteger(versions).addArrayOfString(featureJson).addArrayOfString(clientInfo)
                .addArrayOfString(featureRequests.toArray(String[]::new))
                .addArrayOfLong(featureLicenses.toArray(Long[]::new))
                .addArrayOfLong(featureIds.toArray(Long[]::new))
                .addArrayOfLong(featureDeltas.toArray(Long[]::new))
                .addString(sourceIp);
        return client.preparedQuery(APPLY).execute(Tuple.newInstance(tuple))
                .map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    /** Applied requests by request id and by (license, inner-signature fingerprint), each with its payload digest. */
    public static final class AppliedClaims {
        private final Map<String, byte[]> byRequestId = new HashMap<>();
        private final Map<String, byte[]> bySignature = new HashMap<>();

        public void add(String requestId, long licenseId, byte[] fingerprint, byte[] digest) {
            byRequestId.put(requestId, digest);
            if (fingerprint != null) {
                bySignature.put(signatureKey(licenseId, fingerprint), digest);
            }
        }

        /** The digest of the request applied under this id, or with this signature on this license, or null. */
        public byte[] find(String requestId, Long licenseId, byte[] fingerprint) {
            byte[] digest = byRequestId.get(requestId);
            if (digest != null || licenseId == null || fingerprint == null) {
                return digest;
            }
            return bySignature.get(signatureKey(licenseId, fingerprint));
        }

        private static String signatureKey(long licenseId, byte[] fingerprint) {
            return licenseId + "/" + java.util.HexFormat.of().formatHex(fingerprint);
        }
    }
}
