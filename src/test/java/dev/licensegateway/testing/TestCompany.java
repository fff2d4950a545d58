package dev.licensegateway.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A company of its own for one test, provisioned through the admin import API: products, licenses of
 * every kind and active devices. Codes and keys are random, so tests never see each other's rows.
 */
public final class TestCompany {

    public static final String ADMIN_TOKEN = "test-admin-token";
    private static final SecureRandom RANDOM = new SecureRandom();

    public final String code;
    public final String sharedKey;
    public final String apiKey;
    public final String clientId;
    public final String clientSecret;

    private TestCompany(String code, String sharedKey, String apiKey) {
        this.code = code;
        this.sharedKey = sharedKey;
        this.apiKey = apiKey;
        this.clientId = "oc-" + code;
        this.clientSecret = random("cs-");
    }

    public static String random(String prefix) {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    /** The standard dataset; see {@link #document}. */
    public static TestCompany create() {
        return create(false, 40);
    }

    public static TestCompany create(boolean requireSchemaV2, int consumptionDevices) {
        TestCompany company = new TestCompany(random("t-"), random("sk-"), random("ak-"));
        given().auth().oauth2(ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(company.document(requireSchemaV2, consumptionDevices))
                .when().post("/admin/v1/import")
                .then().statusCode(201);
        return company;
    }

    /** The standard dataset for a gateway the caller reaches itself: POST {@link #importDocument()} to its admin API. */
    public static TestCompany unprovisioned() {
        return new TestCompany(random("t-"), random("sk-"), random("ak-"));
    }

    /** The admin import document of the standard dataset, as JSON. */
    public String importDocument() throws com.fasterxml.jackson.core.JsonProcessingException {
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(document(false, 40));
    }

    /**
     * Product {@code studio} (license key; features render-minutes (consumption) and export (activation)),
     * product {@code cloud} (user based). Licenses, each with active devices hw-1, hw-2, hw-3 unless said:
     * PERP (perpetual), CONS (consumption: max 100, overages 10; render-minutes max 50; hw-1…hw-N),
     * NEG (consumption, negative and unlimited allowed), TRIAL (time-limited trial), TIMED (time-limited),
     * SUB (subscription), OFF (perpetual, disabled), and on cloud user {@code ops@<code>.test}.
     */
    Map<String, Object> document(boolean requireSchemaV2, int consumptionDevices) {
        List<Object> studioLicenses = new ArrayList<>();
        studioLicenses.add(license("PERP", "perpetual", false, true, 3, null, List.of()));
        studioLicenses.add(license("CONS", "consumption", false, true, consumptionDevices,
                consumption(100, 0, true, 10, false, false),
                List.of(Map.of("code", "render-minutes", "max_consumption", 50, "total", 0,
                        "allow_overages", false, "max_overages", 0))));
        studioLicenses.add(license("NEG", "consumption", false, true, 3, consumption(10, 5, false, 0, true, true),
                List.of()));
        studioLicenses.add(license("TRIAL", "time-limited", true, true, 3, null, List.of()));
        studioLicenses.add(license("TIMED", "time-limited", false, true, 3, null, List.of()));
        studioLicenses.add(license("SUB", "subscription", false, true, 3, null, List.of()));
        studioLicenses.add(license("OFF", "perpetual", false, false, 3, null, List.of()));

        Map<String, Object> userLicense = license(null, "perpetual", false, true, 3, null, List.of());
        userLicense.put("users", List.of(Map.of("username", "ops@" + code + ".test", "password", "pw-" + code)));

        Map<String, Object> studio = new LinkedHashMap<>();
        studio.put("code", "studio");
        studio.put("name", "Studio");
        studio.put("authorization_method", "license-key");
        studio.put("features", List.of(Map.of("code", "render-minutes", "type", "consumption"),
                Map.of("code", "export", "type", "activation")));
        studio.put("licenses", studioLicenses);
        Map<String, Object> cloud = new LinkedHashMap<>();
        cloud.put("code", "cloud");
        cloud.put("name", "Cloud");
        cloud.put("authorization_method", "user");
        cloud.put("features", List.of());
        cloud.put("licenses", List.of(userLicense));

        Map<String, Object> company = new LinkedHashMap<>();
        company.put("code", code);
        company.put("name", "Test " + code);
        company.put("shared_keys", List.of(sharedKey));
        company.put("api_keys", List.of(Map.of("key", apiKey)));
        company.put("oauth_clients", List.of(Map.of("client_id", clientId, "client_secret", clientSecret)));
        company.put("require_schema_v2", requireSchemaV2);
        company.put("products", List.of(studio, cloud));
        return Map.of("companies", List.of(company));
    }

    private static Map<String, Object> license(String key, String type, boolean trial, boolean enabled, int devices,
                                               Map<String, Object> consumption, List<Object> features) {
        Map<String, Object> license = new LinkedHashMap<>();
        if (key != null) {
            license.put("license_key", key);
        }
        license.put("type", type);
        license.put("trial", trial);
        license.put("enabled", enabled);
        license.put("max_activations", Math.max(devices, 5));
        if (consumption != null) {
            license.put("consumption", consumption);
        }
        license.put("features", features);
        license.put("devices", IntStream.rangeClosed(1, devices)
                .mapToObj(i -> Map.of("hardware_id", "hw-" + i, "active", true)).toList());
        return license;
    }

    private static Map<String, Object> consumption(long max, long total, boolean overages, long maxOverages,
                                                   boolean unlimited, boolean negative) {
        Map<String, Object> consumption = new LinkedHashMap<>();
        consumption.put("max", max);
        consumption.put("total", total);
        consumption.put("allow_overages", overages);
        consumption.put("max_overages", maxOverages);
        consumption.put("unlimited", unlimited);
        consumption.put("allow_negative", negative);
        return consumption;
    }

    public String username() {
        return "ops@" + code + ".test";
    }

    public SdkRequestFile file(String licenseKey, String hardwareId) {
        return SdkRequestFile.keyBased(sharedKey, apiKey, "studio", licenseKey, hardwareId);
    }

    public Map<String, String> headers() {
        return SdkHeaders.apiKey(sharedKey, apiKey);
    }

    // --- the rows a call leaves behind ---

    /** Every mutable row of this company, as text: equal snapshots mean nothing changed. */
    public String snapshot() {
        return query("""
                SELECT 'device ' || device_id || ' ' || active || ' ' || coalesce(variables::text, '-') FROM devices WHERE company_id = ?
                UNION ALL SELECT 'license ' || license_id || ' ' || times_activated || ' ' || total_consumptions FROM licenses WHERE company_id = ?
                UNION ALL SELECT 'feature ' || license_id || '/' || feature_id || ' ' || total_consumptions FROM license_features WHERE company_id = ?
                UNION ALL SELECT 'request ' || request_id FROM deactivation_requests WHERE company_id = ?
                UNION ALL SELECT 'event ' || event_id FROM deactivation_events WHERE company_id = ?
                ORDER BY 1""", 5).toString();
    }

    public boolean deviceActive(String licenseKey, String hardwareId) {
        return "true".equals(one("""
                SELECT bool_or(d.active)::text FROM devices d JOIN licenses l USING (company_id, license_id)
                WHERE d.company_id = ? AND l.license_key = ? AND d.hardware_id = ?""", licenseKey, hardwareId));
    }

    public long timesActivated(String licenseKey) {
        return Long.parseLong(one("SELECT times_activated FROM licenses WHERE company_id = ? AND license_key = ?", licenseKey));
    }

    public long totalConsumptions(String licenseKey) {
        return Long.parseLong(one("SELECT total_consumptions FROM licenses WHERE company_id = ? AND license_key = ?", licenseKey));
    }

    public long featureTotal(String licenseKey, String feature) {
        return Long.parseLong(one("""
                SELECT lf.total_consumptions FROM license_features lf
                JOIN licenses l USING (company_id, license_id)
                JOIN product_features pf ON pf.company_id = lf.company_id AND pf.feature_id = lf.feature_id
                WHERE lf.company_id = ? AND l.license_key = ? AND pf.code = ?""", licenseKey, feature));
    }

    public long count(String table) {
        return Long.parseLong(one("SELECT count(*) FROM " + table + " WHERE company_id = ?"));
    }

    public String one(String sql, String... parameters) {
        List<String> rows = query(sql, 1, parameters);
        return rows.isEmpty() ? "" : rows.get(0);
    }

    /** Runs the SQL with the company code bound to the first {@code companyParameters} placeholders. */
    private List<String> query(String sql, int companyParameters, String... parameters) {
        try (Connection connection = TestDatabase.get().connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (int i = 0; i < companyParameters; i++) {
                statement.setString(index++, code);
            }
            for (String parameter : parameters) {
                statement.setString(index++, parameter);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
            return rows;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
