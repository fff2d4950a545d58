package dev.licensegateway.conformance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.testing.SdkHeaders;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every file of {@code vectors/node-sdk-files.json} (written by the Node SDK 1.4.17 itself, with its made-up
 * credentials) answered as its entry says: the deactivation files are applied once, replays change nothing,
 * the activation file is refused. The files name product {@code studio} both key-based and user-based, so the
 * product is switched to user-based between the two groups.
 */
@QuarkusTest
class NodeSdkVectorsTest {

    static final String PATH = "/api/v4/deactivate_offline";
    static final String COMPANY = "node-vectors";
    static final String LICENSE = "AAAA-BBBB-CCCC-DDDD";
    static final String HARDWARE = "3f1c5a7e9b0d2c4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e";

    @Test
    void everyNodeSdkFileIsAnsweredAsItsEntrySays() throws IOException {
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("/vectors/node-sdk-files.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
        JsonNode credentials = vectors.get("credentials");
        importCompany(credentials);
        List<JsonNode> files = new ArrayList<>();
        vectors.get("files").forEach(files::add);
        Rows rows = new Rows();

        List<String> applied = new ArrayList<>();
        for (JsonNode entry : files.subList(0, 5)) {
            String file = entry.get("file").asText();
            SdkRows.activate(COMPANY, LICENSE, HARDWARE);
            assertThat(post(credentials, file).statusCode()).as(entry.get("what").asText()).isEqualTo(200);
            assertThat(rows.activeDevices()).as(entry.get("what").asText()).isEqualTo(0);
            applied.add(requestId(file));
        }
        assertThat(rows.one("SELECT total_consumptions FROM licenses WHERE company_id = ?")).isEqualTo("3");
        assertThat(rows.list("SELECT request_id FROM deactivation_events WHERE company_id = ? ORDER BY event_id"))
                .containsExactlyElementsOf(applied);

        // Replayed with the device active again: answered 200, nothing changes.
        SdkRows.activate(COMPANY, LICENSE, HARDWARE);
        String before = rows.snapshot();
        for (JsonNode entry : files.subList(0, 5)) {
            assertThat(post(credentials, entry.get("file").asText()).statusCode()).isEqualTo(200);
        }
        assertThat(rows.snapshot()).isEqualTo(before);

        // The user-based files: studio becomes a user-based product whose user ops@acme.test holds the license.
        SdkRows.update("UPDATE products SET authorization_method = 'user' WHERE company_id = ? AND code = 'studio'", COMPANY);
        SdkRows.update("""
                INSERT INTO license_users (company_id, product_id, license_id, username)
                SELECT company_id, product_id, license_id, 'ops@acme.test' FROM licenses
                WHERE company_id = ? AND license_key = ?""", COMPANY, LICENSE);
        for (JsonNode entry : files.subList(5, 7)) {
            SdkRows.update("UPDATE devices SET active = false WHERE company_id = ?", COMPANY);
            SdkRows.activate(COMPANY, LICENSE, HARDWARE);
            String file = entry.get("file").asText();
            assertThat(post(credentials, file).statusCode()).as(entry.get("what").asText()).isEqualTo(200);
            assertThat(rows.activeDevices()).isEqualTo(0);
            assertThat(rows.list("SELECT request_id FROM deactivation_requests WHERE company_id = ?")).contains(requestId(file));
        }

        JsonNode activation = files.get(7);
        assertThat(activation.get("what").asText()).contains("activation");
        SdkRows.activate(COMPANY, LICENSE, HARDWARE);
        before = rows.snapshot();
        Response refused = post(credentials, activation.get("file").asText());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.jsonPath().getString("code")).isEqualTo("validation_error");
        assertThat(rows.snapshot()).isEqualTo(before);
        assertThat(files).hasSize(8);
    }

    /** The file's request_id, or the sha256: key of a file that has none. */
    private static String requestId(String file) {
        String decoded = SdkRows.decoded(file);
        return decoded.contains("\"request_id\":\"")
                ? decoded.replaceAll(".*\"request_id\":\"([^\"]+)\".*", "$1") : SdkRows.sha256Key(file);
    }

    /** API-key files with the vector's key; OAuth files with a token for the vector's client. */
    private static Response post(JsonNode credentials, String file) {
        boolean oauth = SdkRows.decoded(file).contains("\"client_id\"");
        Map<String, String> headers = oauth ? bearer(credentials)
                : SdkHeaders.apiKey(credentials.get("shared_key").asText(), credentials.get("api_key").asText());
        return given().headers(headers).contentType("text/plain").body(file).when().post(PATH);
    }

    private static Map<String, String> bearer(JsonNode credentials) {
        String token = given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", credentials.get("client_id").asText())
                .formParam("client_secret", credentials.get("client_secret").asText())
                .when().post("/api/v4/oauth/token").then().statusCode(200).extract().path("access_token");
        return Map.of("Authorization", "Bearer " + token,
                "Date", SdkHeaders.apiKey("x", "x").get("Date"));
    }

    private static void importCompany(JsonNode credentials) {
        Map<String, Object> license = Map.of("license_key", LICENSE, "type", "consumption", "trial", false,
                "enabled", true, "max_activations", 10,
                "consumption", Map.of("max", 1000, "total", 0, "allow_overages", false, "max_overages", 0,
                        "unlimited", false, "allow_negative", false),
                "features", List.of(), "devices", List.of());
        Map<String, Object> product = Map.of("code", "studio", "name", "Studio", "authorization_method", "license-key",
                "features", List.of(), "licenses", List.of(license));
        Map<String, Object> company = Map.of("code", COMPANY, "name", "Node SDK vectors",
                "shared_keys", List.of(credentials.get("shared_key").asText()),
                "api_keys", List.of(Map.of("key", credentials.get("api_key").asText())),
                "oauth_clients", List.of(Map.of("client_id", credentials.get("client_id").asText(),
                        "client_secret", credentials.get("client_secret").asText())),
                "require_schema_v2", false, "products", List.of(product));
        given().auth().oauth2(TestCompany.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(Map.of("companies", List.of(company))).when().post("/admin/v1/import").then().statusCode(201);
    }

    /** Reads of the vector company's rows. */
    private static final class Rows {
        long activeDevices() {
            return Long.parseLong(one("SELECT count(*) FROM devices WHERE company_id = ? AND active"));
        }

        String snapshot() {
            return list("""
                    SELECT 'device ' || device_id || ' ' || active FROM devices WHERE company_id = ?
                    UNION ALL SELECT 'license ' || times_activated || ' ' || total_consumptions FROM licenses
                      WHERE company_id = (SELECT ?::text)
                    ORDER BY 1""").toString();
        }

        String one(String sql) {
            List<String> rows = list(sql);
            return rows.isEmpty() ? "" : rows.get(0);
        }

        List<String> list(String sql) {
            try (var connection = dev.licensegateway.testing.TestDatabase.get().connect();
                 var statement = connection.prepareStatement(sql)) {
                for (int i = 1; i <= statement.getParameterMetaData().getParameterCount(); i++) {
                    statement.setString(i, COMPANY);
                }
                List<String> rows = new ArrayList<>();
                try (var result = statement.executeQuery()) {
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
}
