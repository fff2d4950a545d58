package dev.licensegateway.admin;

import dev.licensegateway.testing.TestDatabase;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Random, test-owned names and the small helpers the admin tests share. */
final class AdminTestData {

    static final String TOKEN = "test-admin-token";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminTestData() {
    }

    /** A fresh company code (and prefix for keys): tests never share data. */
    static String code() {
        StringBuilder code = new StringBuilder("t-");
        for (int i = 0; i < 12; i++) {
            code.append((char) ('a' + RANDOM.nextInt(26)));
        }
        return code.toString();
    }

    static RequestSpecification admin() {
        return RestAssured.given().header("Authorization", "Bearer " + TOKEN);
    }

    static ValidatableResponse importDocument(String json) {
        return admin().contentType(ContentType.JSON).body(json).post("/admin/v1/import").then();
    }

    /**
     * A company with a key-based consumption product (one feature, one license with devices, one of them
     * inactive and one with variables) and a user-based product with one license.
     */
    static String fullCompany(String code) {
        return """
                {"code": "%1$s", "name": "Test %1$s",
                 "shared_keys": ["shared-%1$s", {"key": "rotating-%1$s", "not_after": "2031-01-01T00:00:00Z"}],
                 "api_keys": [{"key": "ak-%1$s"}],
                 "oauth_clients": [{"client_id": "client-%1$s", "client_secret": "secret-%1$s"}],
                 "require_schema_v2": true,
                 "products": [
                   {"code": "studio", "authorization_method": "license-key",
                    "features": [{"code": "render-minutes", "type": "consumption"}, {"code": "export", "type": "activation"}],
                    "licenses": [
                      {"license_key": "KEY-%1$s", "type": "consumption", "trial": false, "enabled": true,
                       "max_activations": 5,
                       "consumption": {"max": 1000, "total": 10, "allow_overages": true, "max_overages": 100,
                                       "unlimited": false, "allow_negative": true},
                       "features": [{"code": "render-minutes", "max_consumption": 500, "total": 7,
                                     "allow_overages": false, "max_overages": 0}],
                       "devices": [{"hardware_id": "hw-1", "active": true, "variables": {"site": "plant-1", "line": 4}},
                                   {"hardware_id": "hw-2"},
                                   {"hardware_id": "hw-3", "active": false}]}
                    ]},
                   {"code": "cloud", "authorization_method": "user",
                    "licenses": [
                      {"users": [{"username": "ops@%1$s.test", "password": "pw-%1$s"}], "type": "perpetual",
                       "max_activations": 2, "devices": [{"hardware_id": "cloud-hw-1"}]}
                    ]}
                 ]}
                """.formatted(code);
    }

    static String document(String... companies) {
        return "{\"companies\": [" + String.join(",", companies) + "]}";
    }

    static long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = TestDatabase.get().connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Rows of every provisioning table that belong to the company. */
    static long rowsOf(String company) throws SQLException {
        long total = 0;
        for (String table : new String[] {"companies", "shared_keys", "api_keys", "oauth_clients", "products",
                "product_features", "licenses", "license_users", "license_features", "devices"}) {
            total += count("SELECT count(*) FROM " + table + " WHERE company_id = ?", company);
        }
        return total;
    }
}
