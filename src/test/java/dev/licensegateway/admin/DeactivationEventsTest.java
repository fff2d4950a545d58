package dev.licensegateway.admin;

import static dev.licensegateway.admin.AdminTestData.admin;
import static dev.licensegateway.admin.AdminTestData.code;
import static dev.licensegateway.admin.AdminTestData.count;
import static dev.licensegateway.admin.AdminTestData.document;
import static dev.licensegateway.admin.AdminTestData.fullCompany;
import static dev.licensegateway.admin.AdminTestData.importDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.licensegateway.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /admin/v1/companies/{company}/deactivations reads the audit rows the deactivation path writes. */
@QuarkusTest
class DeactivationEventsTest {

    @Test
    void auditEventsReadBackWithTheirJson() throws Exception {
        String company = code();
        importDocument(document(fullCompany(company))).statusCode(201);
        long license = count("SELECT license_id FROM licenses WHERE company_id = ? AND license_key = ?", company,
                "KEY-" + company);
        long device = count("SELECT device_id FROM devices WHERE company_id = ? AND hardware_id = 'hw-1'", company);
        insertEvent(company, "req-1", license, device, "{\"render-minutes\": 5}",
                "{\"os_ver\": \"Windows 11\", \"hostname\": \"plant-1\"}");
        insertEvent(company, "req-2", license, device, null, null);

        JsonPath newest = admin().get("/admin/v1/companies/{c}/deactivations", company).then().statusCode(200)
                .body("company", equalTo(company))
                .body("limit", equalTo(100))
                .body("events", hasSize(2))
                .extract().jsonPath();
        assertThat(newest.getString("events[0].request_id")).isEqualTo("req-2");
        assertThat(newest.getString("events[1].request_id")).isEqualTo("req-1");

        JsonPath one = admin().queryParam("request_id", "req-1")
                .get("/admin/v1/companies/{c}/deactivations", company).then().statusCode(200)
                .body("request_id", equalTo("req-1"))
                .body("events", hasSize(1)).extract().jsonPath();
        Map<String, Object> event = one.getMap("events[0]");
        assertThat(event).containsEntry("company_id", company).containsEntry("request_id", "req-1")
                .containsEntry("license_id", (int) license).containsEntry("device_id", (int) device)
                .containsEntry("hardware_id", "hw-1").containsEntry("principal", "ak-" + company)
                .containsEntry("source_ip", "192.0.2.7").containsEntry("schema_version", 2)
                .containsEntry("consumptions", 12)
                .containsEntry("feature_deltas", Map.of("render-minutes", 5))
                .containsEntry("client_info", Map.of("os_ver", "Windows 11", "hostname", "plant-1"));
        assertThat(event.get("event_id")).isNotNull();
        assertThat(event.get("created_at")).isNotNull();

        admin().queryParam("limit", 1).get("/admin/v1/companies/{c}/deactivations", company).then()
                .statusCode(200).body("events", hasSize(1)).body("events[0].request_id", equalTo("req-2"));
        admin().queryParam("request_id", "req-unknown").get("/admin/v1/companies/{c}/deactivations", company)
                .then().statusCode(200).body("events", hasSize(0));
    }

    @Test
    void noEventsYetIsAnEmptyList() {
        String company = code();
        importDocument(document(fullCompany(company))).statusCode(201);
        admin().get("/admin/v1/companies/{c}/deactivations", company).then().statusCode(200)
                .body("events", hasSize(0));
    }

    @Test
    void unknownCompanyIsNotFound() {
        admin().get("/admin/v1/companies/{c}/deactivations", code()).then().statusCode(404)
                .body("code", equalTo("not_found"));
    }

    @Test
    void limitOutsideItsRangeIsAValidationError() {
        for (String limit : new String[] {"0", "1001", "ten", "-3"}) {
            admin().queryParam("limit", limit).get("/admin/v1/companies/{c}/deactivations", code()).then()
                    .statusCode(400).body("code", equalTo("validation_error"))
                    .body("message", equalTo("limit: must be an integer between 1 and 1000"));
        }
    }

    private static void insertEvent(String company, String requestId, long license, long device, String deltas,
                                    String clientInfo) throws Exception {
        try (Connection connection = TestDatabase.get().connect();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO deactivation_events (company_id, request_id, license_id, device_id, hardware_id,
                         principal, source_ip, schema_version, consumptions, feature_deltas, client_info)
                     VALUES (?, ?, ?, ?, 'hw-1', ?, '192.0.2.7', 2, 12, ?::jsonb, ?::jsonb)
                     """)) {
            insert.setString(1, company);
            insert.setString(2, requestId);
            insert.setLong(3, license);
            insert.setLong(4, device);
            insert.setString(5, "ak-" + company);
            insert.setString(6, deltas);
            insert.setString(7, clientInfo);
            insert.executeUpdate();
        }
    }
}
