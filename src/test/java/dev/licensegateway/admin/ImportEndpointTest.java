package dev.licensegateway.admin;

import static dev.licensegateway.admin.AdminTestData.admin;
import static dev.licensegateway.admin.AdminTestData.code;
import static dev.licensegateway.admin.AdminTestData.count;
import static dev.licensegateway.admin.AdminTestData.document;
import static dev.licensegateway.admin.AdminTestData.fullCompany;
import static dev.licensegateway.admin.AdminTestData.importDocument;
import static dev.licensegateway.admin.AdminTestData.rowsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /admin/v1/import, read back through GET …/licenses/{license}. */
@QuarkusTest
class ImportEndpointTest {

    @Test
    void importedLicenseReadsBackWithCountersFeaturesAndDevices() {
        String company = code();
        JsonPath created = importDocument(document(fullCompany(company))).statusCode(201).extract().jsonPath();
        assertThat(created.getInt("created.licenses")).isEqualTo(2);
        assertThat(created.getInt("created.devices")).isEqualTo(4);
        assertThat(created.getInt("created.active_devices")).isEqualTo(3);
        assertThat(created.getInt("companies[0].created.shared_keys")).isEqualTo(2);

        JsonPath license = admin().get("/admin/v1/companies/{c}/licenses/{l}", company, "KEY-" + company)
                .then().statusCode(200).extract().jsonPath();
        assertThat(license.getString("product")).isEqualTo("studio");
        assertThat(license.getString("type")).isEqualTo("consumption");
        assertThat(license.getBoolean("trial")).isFalse();
        assertThat(license.getBoolean("enabled")).isTrue();
        assertThat(license.getInt("max_activations")).isEqualTo(5);
        assertThat(license.getInt("times_activated")).as("active devices").isEqualTo(2);
        assertThat(license.getMap("consumption")).containsEntry("max", 1000).containsEntry("total", 10)
                .containsEntry("allow_overages", true).containsEntry("max_overages", 100)
                .containsEntry("unlimited", false).containsEntry("allow_negative", true);
        assertThat(license.getList("features", Map.class)).singleElement().satisfies(f -> assertThat(f)
                .containsEntry("code", "render-minutes").containsEntry("max_consumption", 500)
                .containsEntry("total", 7));
        assertThat(license.getList("users")).isEmpty();
        assertThat(license.getInt("devices_total")).isEqualTo(3);
        List<Map<String, Object>> devices = license.getList("devices");
        assertThat(devices).extracting(d -> d.get("hardware_id")).containsExactly("hw-3", "hw-2", "hw-1");
        assertThat(devices.get(2)).containsEntry("active", true)
                .containsEntry("variables", Map.of("site", "plant-1", "line", 4))
                .containsEntry("deactivated_at", null);
        assertThat(devices.get(0)).containsEntry("active", false);
        assertThat(devices.get(0).get("deactivated_at")).isNotNull();
        assertThat(devices.get(0).get("activated_at")).isNotNull();

        long id = license.getLong("license_id");
        admin().get("/admin/v1/companies/{c}/licenses/{l}", company, id)
                .then().statusCode(200).body("license_key", equalTo("KEY-" + company));
    }

    @Test
    void userBasedLicenseIsFoundByUsernameAndShowsNoPasswordHash() {
        String company = code();
        importDocument(document(fullCompany(company))).statusCode(201);

        String body = admin().get("/admin/v1/companies/{c}/licenses/{l}", company, "ops@" + company + ".test")
                .then().statusCode(200)
                .body("product", equalTo("cloud"))
                .body("users[0].username", equalTo("ops@" + company + ".test"))
                .body("times_activated", equalTo(1))
                .extract().asString();
        assertThat(body).doesNotContain("pbkdf2", "pw-" + company, "password");
    }

    @Test
    void unknownCompanyOrLicenseIsNotFound() {
        String company = code();
        admin().get("/admin/v1/companies/{c}/licenses/{l}", company, "NOPE").then().statusCode(404)
                .body("code", equalTo("not_found"));
        importDocument(document(fullCompany(company))).statusCode(201);
        admin().get("/admin/v1/companies/{c}/licenses/{l}", company, "NOPE").then().statusCode(404)
                .body("code", equalTo("not_found"));
        admin().get("/admin/v1/companies/{c}/licenses/{l}", company, "999999999").then().statusCode(404);
    }

    @Test
    void licenseOfAnotherCompanyIsNotVisibleById() {
        String owner = code();
        String other = code();
        importDocument(document(fullCompany(owner))).statusCode(201);
        importDocument(document(fullCompany(other))).statusCode(201);
        long id = admin().get("/admin/v1/companies/{c}/licenses/{l}", owner, "KEY-" + owner).then().statusCode(200)
                .extract().jsonPath().getLong("license_id");

        admin().get("/admin/v1/companies/{c}/licenses/{l}", other, id).then().statusCode(404)
                .body("code", equalTo("not_found"));
    }

    @Test
    void rowsArePlacedUnderTheCompany() throws Exception {
        String company = code();
        importDocument(document(fullCompany(company))).statusCode(201);
        assertThat(count("SELECT count(*) FROM companies WHERE company_id = ? AND require_schema_v2", company))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM license_users WHERE company_id = ? AND password_hash LIKE 'pbkdf2-sha512$%'",
                company)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM shared_keys WHERE company_id = ? AND not_after IS NOT NULL", company))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM product_features WHERE company_id = ?", company)).isEqualTo(2);
        // companies 1, shared keys 2, api keys 1, clients 1, products 2, features 2, licenses 2, users 1,
        // license features 1, devices 4
        assertThat(rowsOf(company)).isEqualTo(17);
    }
}
