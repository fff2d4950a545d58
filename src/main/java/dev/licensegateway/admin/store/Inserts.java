package dev.licensegateway.admin.store;

import io.vertx.core.buffer.Buffer;

/** The multi-row INSERTs of provisioning, one per table (see {@link MultiRowInsert}). */
public final class Inserts {

    private Inserts() {
    }

    /** secret_encrypted, not_after. */
    public static final MultiRowInsert SHARED_KEYS = new MultiRowInsert("""
            INSERT INTO shared_keys (company_id, secret_encrypted, not_after)
            SELECT $1::text, r.secret, r.not_after FROM unnest($2::bytea[], $3::timestamptz[]) AS r(secret, not_after)
            """, Buffer.class, java.time.OffsetDateTime.class);

    /** api_key, revoked. */
    public static final MultiRowInsert API_KEYS = new MultiRowInsert("""
            INSERT INTO api_keys (company_id, api_key, revoked_at)
            SELECT $1::text, r.api_key, CASE WHEN r.revoked THEN now() END
            FROM unnest($2::text[], $3::boolean[]) AS r(api_key, revoked)
            """, String.class, Boolean.class);

    /** client_id, secret_encrypted. */
    public static final MultiRowInsert OAUTH_CLIENTS = new MultiRowInsert("""
            INSERT INTO oauth_clients (company_id, client_id, secret_encrypted)
            SELECT $1::text, r.client_id, r.secret FROM unnest($2::text[], $3::bytea[]) AS r(client_id, secret)
            """, String.class, Buffer.class);

    /** feature_id, product_id, code, feature_type. */
    public static final MultiRowInsert PRODUCT_FEATURES = new MultiRowInsert("""
            INSERT INTO product_features (company_id, feature_id, product_id, code, feature_type)
            SELECT $1::text, r.* FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[]) AS r
            """, Long.class, Long.class, String.class, String.class);

    /**
     * license_id, product_id, license_key, license_type, trial, enabled, max_activations, times_activated,
     * max_consumptions, total_consumptions, allow_overages, max_overages, allow_unlimited_consumptions,
     * allow_negative_consumptions.
     */
    public static final MultiRowInsert LICENSES = new MultiRowInsert("""
            INSERT INTO licenses (company_id, license_id, product_id, license_key, license_type, trial, enabled,
                                  max_activations, times_activated, max_consumptions, total_consumptions,
                                  allow_overages, max_overages, allow_unlimited_consumptions,
                                  allow_negative_consumptions)
            SELECT $1::text, r.* FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::boolean[],
                                           $7::boolean[], $8::integer[], $9::integer[], $10::bigint[],
                                           $11::bigint[], $12::boolean[], $13::bigint[], $14::boolean[],
                                           $15::boolean[]) AS r
            """, Long.class, Long.class, String.class, String.class, Boolean.class, Boolean.class, Integer.class,
            Integer.class, Long.class, Long.class, Boolean.class, Long.class, Boolean.class, Boolean.class);

    /** product_id, license_id, username, password_hash. */
    public static final MultiRowInsert LICENSE_USERS = new MultiRowInsert("""
            INSERT INTO license_users (company_id, product_id, license_id, username, password_hash)
            SELECT $1::text, r.* FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[]) AS r
            """, Long.class, Long.class, String.class, String.class);

    /**
     * license_id, feature_id, max_consumptions, total_consumptions, allow_overages, max_overages,
     * allow_unlimited_consumptions, allow_negative_consumptions.
     */
    public static final MultiRowInsert LICENSE_FEATURES = new MultiRowInsert("""
            INSERT INTO license_features (company_id, license_id, feature_id, max_consumptions, total_consumptions,
                                          allow_overages, max_overages, allow_unlimited_consumptions,
                                          allow_negative_consumptions)
            SELECT $1::text, r.* FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::boolean[],
                                           $7::bigint[], $8::boolean[], $9::boolean[]) AS r
            """, Long.class, Long.class, Long.class, Long.class, Boolean.class, Long.class, Boolean.class,
            Boolean.class);

    /** license_id, hardware_id, active, variables (JSON text or null). Inactive devices get deactivated_at now. */
    public static final MultiRowInsert DEVICES = new MultiRowInsert("""
            INSERT INTO devices (company_id, license_id, hardware_id, active, variables, deactivated_at)
            SELECT $1::text, r.license_id, r.hardware_id, r.active, r.variables::jsonb,
                   CASE WHEN r.active THEN NULL ELSE now() END
            FROM unnest($2::bigint[], $3::text[], $4::boolean[], $5::text[])
                 AS r(license_id, hardware_id, active, variables)
            """, Long.class, String.class, Boolean.class, String.class);
}
