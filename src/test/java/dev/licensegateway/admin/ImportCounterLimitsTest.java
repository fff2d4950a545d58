package dev.licensegateway.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.licensegateway.testing.SdkHeaders;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * Counters are bigint (issue 13): the import refuses a number a counter cannot hold, and every value it does
 * accept, up to Long.MAX_VALUE, leaves deactivations answering documented errors, never 500.
 */
@QuarkusTest
class ImportCounterLimitsTest {

    private static String document(String code, String consumption) {
        return """
                {"companies": [{"code": "CODE", "shared_keys": ["sk-CODE"], "api_keys": [{"key": "ak-CODE"}],
                  "products": [{"code": "p", "licenses": [{"license_key": "L", "type": "consumption",
                    "consumption": CONSUMPTION, "devices": [{"hardware_id": "hw-1"}]}]}]}]}
                """.replace("CODE", code).replace("CONSUMPTION", consumption);
    }

    @Test
    void aNumberPastWhatACounterHoldsIsRefused() {
        String code = TestCompany.random("lim-");
        given().auth().oauth2(TestCompany.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(document(code, "{\"max\": 9223372036854775808}"))
                .when().post("/admin/v1/import")
                // Past a bigint the document cannot even be bound (the import's parser answers invalid_json).
                .then().statusCode(400).body("code", org.hamcrest.Matchers.oneOf("validation_error", "invalid_json"));
        given().auth().oauth2(TestCompany.ADMIN_TOKEN)
                .when().get("/admin/v1/companies/" + code + "/licenses/L")
                .then().statusCode(404);
    }

    @Test
    void theLargestValuesTheImportTakesNeverMakeADeactivationFail500() {
        String code = TestCompany.random("lim-");
        given().auth().oauth2(TestCompany.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body(document(code, """
                        {"max": 9223372036854775807, "total": 9223372036854775806, "allow_overages": true,
                         "max_overages": 9223372036854775807}"""))
                .when().post("/admin/v1/import")
                .then().statusCode(201);
        String file = SdkRequestFile.keyBased("sk-" + code, "ak-" + code, "p", "L", "hw-1").consumptions(5).file();
        given().headers(SdkHeaders.apiKey("sk-" + code, "ak-" + code)).contentType("text/plain").body(file)
                .when().post("/api/v4/deactivate_offline")
                .then().statusCode(400).body("code", equalTo("license_not_enough_consumptions"));
        String fits = SdkRequestFile.keyBased("sk-" + code, "ak-" + code, "p", "L", "hw-1").consumptions(1).file();
        given().headers(SdkHeaders.apiKey("sk-" + code, "ak-" + code)).contentType("text/plain").body(fits)
                .when().post("/api/v4/deactivate_offline")
                .then().statusCode(200);
        assertThat(given().auth().oauth2(TestCompany.ADMIN_TOKEN)
                .when().get("/admin/v1/companies/" + code + "/licenses/L")
                .then().statusCode(200).extract().asString()).contains("9223372036854775807");
    }
}
