package dev.licensegateway.admin;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With no admin token configured, the admin API refuses everyone, whatever they send. */
@QuarkusTest
@TestProfile(AdminApiClosedTest.NoAdminToken.class)
class AdminApiClosedTest {

    public static class NoAdminToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.admin.token", "");
        }
    }

    @Test
    void adminApiIsClosedWithoutConfiguredToken() {
        RestAssured.given().header("Authorization", "Bearer test-admin-token").contentType(ContentType.JSON)
                .body("{\"companies\": []}").post("/admin/v1/import").then()
                .statusCode(403).body("code", equalTo("admin_api_closed"));
        RestAssured.given().get("/admin/v1/companies/acme/deactivations").then()
                .statusCode(403).body("code", equalTo("admin_api_closed"));
        RestAssured.given().header("Authorization", "Bearer ").body("{}\n".getBytes())
                .post("/admin/v1/companies/acme/devices:bulk").then()
                .statusCode(403).body("code", equalTo("admin_api_closed"));
    }
}
