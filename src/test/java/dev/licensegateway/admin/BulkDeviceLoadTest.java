package dev.licensegateway.admin;

import static dev.licensegateway.admin.AdminTestData.admin;
import static dev.licensegateway.admin.AdminTestData.code;
import static dev.licensegateway.admin.AdminTestData.count;
import static dev.licensegateway.admin.AdminTestData.document;
import static dev.licensegateway.admin.AdminTestData.importDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** POST /admin/v1/companies/{company}/devices:bulk: NDJSON lines, one transaction, all or nothing. */
@QuarkusTest
class BulkDeviceLoadTest {

    private static String company(String code) {
        return """
                {"code": "%1$s", "api_keys": [],
                 "products": [{"code": "studio", "licenses": [
                    {"license_key": "A-%1$s", "type": "perpetual", "max_activations": 3,
                     "devices": [{"hardware_id": "old-1"}]},
                    {"license_key": "B-%1$s", "type": "perpetual", "max_activations": 2}]},
                  {"code": "cloud", "authorization_method": "user", "licenses": [
                    {"users": [{"username": "u@%1$s.test"}], "type": "perpetual", "max_activations": 1}]}]}
                """.formatted(code);
    }

    private static ValidatableResponse bulk(String company, String ndjson) {
        return admin().contentType("application/x-ndjson").body(ndjson.getBytes(StandardCharsets.UTF_8))
                .post("/admin/v1/companies/{c}/devices:bulk", company).then();
    }

    @Test
    void bulkLoadWritesDevicesAndRaisesTimesActivated() throws Exception {
        String c = code();
        importDocument(document(company(c))).statusCode(201);
        long cloudLicense = admin().get("/admin/v1/companies/{c}/licenses/{l}", c, "u@" + c + ".test")
                .then().extract().jsonPath().getLong("license_id");
        String ndjson = """
                {"license_key": "A-%1$s", "hardware_id": "new-1"}
                {"license_key": "A-%1$s", "hardware_id": "new-2", "active": true, "variables": {"rack": 7}}

                {"license_key": "A-%1$s", "hardware_id": "gone-1", "active": false}
                {"license_key": "B-%1$s", "hardware_id": "b-1", "active": true}\r
                {"license_id": %2$d, "hardware_id": "c-1"}
                """.formatted(c, cloudLicense);

        bulk(c, ndjson).statusCode(200)
                .body("company", equalTo(c))
                .body("devices", equalTo(5))
                .body("active_devices", equalTo(4));

        admin().get("/admin/v1/companies/{c}/licenses/{l}", c, "A-" + c).then().statusCode(200)
                .body("times_activated", equalTo(3))
                .body("devices_total", equalTo(4))
                .body("devices.find { it.hardware_id == 'new-2' }.variables.rack", equalTo(7))
                .body("devices.find { it.hardware_id == 'gone-1' }.active", equalTo(false));
        assertThat(count("SELECT times_activated FROM licenses WHERE company_id = ? AND license_key = ?", c, "B-" + c))
                .isEqualTo(1);
        assertThat(count("SELECT times_activated FROM licenses WHERE company_id = ? AND license_id = ?", c, cloudLicense))
                .isEqualTo(1);
    }

    @Test
    void unknownLicenseFailsTheWholeLoadNamingItsLine() throws Exception {
        String c = code();
        importDocument(document(company(c))).statusCode(201);
        bulk(c, """
                {"license_key": "A-%1$s", "hardware_id": "x-1"}
                {"license_key": "A-%1$s", "hardware_id": "x-2"}
                {"license_key": "NOPE", "hardware_id": "x-3"}
                """.formatted(c))
                .statusCode(400)
                .body("code", equalTo("validation_error"))
                .body("message", startsWith("line 3: license_key"));
        assertThat(count("SELECT count(*) FROM devices WHERE company_id = ?", c)).isEqualTo(1);
        assertThat(count("SELECT times_activated FROM licenses WHERE company_id = ? AND license_key = ?", c, "A-" + c))
                .isEqualTo(1);
    }

    @Test
    void moreActiveDevicesThanMaxActivationsFailsTheLoad() throws Exception {
        String c = code();
        importDocument(document(company(c))).statusCode(201);
        bulk(c, """
                {"license_key": "B-%1$s", "hardware_id": "b-1"}
                {"license_key": "B-%1$s", "hardware_id": "b-2"}
                {"license_key": "B-%1$s", "hardware_id": "b-3"}
                """.formatted(c))
                .statusCode(400)
                .body("code", equalTo("validation_error"))
                .body("message", startsWith("line 3: the license"));
        assertThat(count("SELECT count(*) FROM devices WHERE company_id = ?", c)).isEqualTo(1);
    }

    @Test
    void activeDuplicateHardwareIdIsRefused() throws Exception {
        String c = code();
        importDocument(document(company(c))).statusCode(201);
        bulk(c, "{\"license_key\": \"A-" + c + "\", \"hardware_id\": \"old-1\"}\n")
                .statusCode(409)
                .body("code", equalTo("already_exists"));
        assertThat(count("SELECT count(*) FROM devices WHERE company_id = ?", c)).isEqualTo(1);
    }

    @Test
    void badLinesNameTheirLineAndField() {
        String c = code();
        importDocument(document(company(c))).statusCode(201);
        String good = "{\"license_key\": \"A-" + c + "\", \"hardware_id\": \"g-1\"}\n";
        bulk(c, good + "{\"license_key\": \"A-" + c + "\"}\n").statusCode(400)
                .body("message", equalTo("line 2: hardware_id: is required"));
        bulk(c, good + "{\"license_key\": \"A-" + c + "\", \"hardware_id\": 5}\n").statusCode(400)
                .body("message", equalTo("line 2: hardware_id: expected a string"));
        bulk(c, good + "{\"license_key\": \"A-" + c + "\", \"hardware_id\": \"h\", \"colour\": 1}\n").statusCode(400)
                .body("message", equalTo("line 2: colour: unknown field"));
        bulk(c, good + "{not json\n").statusCode(400).body("code", equalTo("invalid_json"))
                .body("message", startsWith("line 2 is not valid JSON"));
    }

    @Test
    void overlongLineIsRefusedNamingItsLine() throws Exception {
        String c = code();
        importDocument(document(company(c))).statusCode(201);
        String good = "{\"license_key\": \"A-" + c + "\", \"hardware_id\": \"g-1\"}\n";
        bulk(c, good + "{\"license_key\": \"A-" + c + "\", \"hardware_id\": \"" + "x".repeat(70_000) + "\"}\n")
                .statusCode(400)
                .body("code", equalTo("validation_error"))
                .body("message", equalTo("line 2: longer than 65536 bytes"));
        assertThat(count("SELECT count(*) FROM devices WHERE company_id = ?", c)).isEqualTo(1);
    }

    @Test
    void unknownCompanyIsNotFound() {
        bulk(code(), "{\"license_key\": \"A\", \"hardware_id\": \"h\"}\n").statusCode(404)
                .body("code", equalTo("not_found"));
    }

    @Test
    void bulkLoadNeedsTheAdminToken() {
        RestAssured.given().body("{}\n".getBytes(StandardCharsets.UTF_8)).post("/admin/v1/companies/{c}/devices:bulk", code()).then()
                .statusCode(401).body("code", equalTo("unauthorized"));
        RestAssured.given().header("Authorization", "Bearer wrong").body("{}\n".getBytes(StandardCharsets.UTF_8))
                .post("/admin/v1/companies/{c}/devices:bulk", code()).then()
                .statusCode(401).body("code", equalTo("unauthorized"));
    }
}
