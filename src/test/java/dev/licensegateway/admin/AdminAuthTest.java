package dev.licensegateway.admin;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Every admin endpoint wants the bearer admin token, and says so in the one error shape. */
@QuarkusTest
class AdminAuthTest {

    @Test
    void importWithoutTokenIsUnauthorizedAndWritesNothing() throws Exception {
        String company = AdminTestData.code();
        RestAssured.given().contentType(ContentType.JSON)
                .body(AdminTestData.document(AdminTestData.fullCompany(company)))
                .post("/admin/v1/import").then()
                .statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .body("status", equalTo(401))
                .body("code", equalTo("unauthorized"));
        org.assertj.core.api.Assertions.assertThat(AdminTestData.rowsOf(company)).isZero();
    }

    @Test
    void wrongTokenIsUnauthorizedOnEveryEndpoint() {
        for (String path : new String[] {"/admin/v1/companies/acme/licenses/KEY", "/admin/v1/companies/acme/deactivations"}) {
            RestAssured.given().header("Authorization", "Bearer not-the-token").get(path).then()
                    .statusCode(401).body("code", equalTo("unauthorized"));
            RestAssured.given().get(path).then().statusCode(401).body("code", equalTo("unauthorized"));
        }
    }

    @Test
    void unknownAdminPathsDoNotRevealThemselvesWithoutToken() {
        RestAssured.given().get("/admin/v1/nothing-here").then().statusCode(401).body("code", equalTo("unauthorized"));
        AdminTestData.admin().get("/admin/v1/nothing-here").then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        RestAssured.given().header("Authorization", "bearer " + AdminTestData.TOKEN)
                .get("/admin/v1/companies/{c}/deactivations", AdminTestData.code()).then()
                .statusCode(404).body("code", equalTo("not_found"));
    }
}
