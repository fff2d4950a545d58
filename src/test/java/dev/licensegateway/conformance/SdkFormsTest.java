package dev.licensegateway.conformance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.licensegateway.testing.SdkHeaders;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The forms of SPEC §3 that the SDKs other than Node write, built by {@link SdkRequestFile}: Python's
 * {@code null} fields, C++'s hex outer signature and upper-case GUID, Go's {@code UTC} dates and JSON-object
 * body; and the acceptance rules around the inner signature, the request id and device variables.
 */
@QuarkusTest
class SdkFormsTest {

    static final String PATH = "/api/v4/deactivate_offline";

    TestCompany company;

    @BeforeEach
    void provision() {
        company = TestCompany.create();
    }

    private void accepted(String body, String contentType, Map<String, String> headers) {
        given().headers(headers).contentType(contentType).body(body).when().post(PATH)
                .then().statusCode(200).body(equalTo("license_deactivated"));
    }

    private void refused(String body, int status, String code) {
        given().headers(company.headers()).contentType("text/plain").body(body).when().post(PATH)
                .then().statusCode(status).body("code", equalTo(code));
    }

    @Test
    void pythonNullOptionalFieldsCountAsAbsent() {
        SdkRequestFile file = company.file("PERP", "hw-1").with("os_ver", null).with("hostname", null)
                .with("app_ver", null).with("variables", null).v2();
        assertThat(file.json()).contains("\"os_ver\": null");
        accepted(file.file(), "text/plain", company.headers());
        assertThat(company.deviceActive("PERP", "hw-1")).isFalse();
    }

    @Test
    void cppHexOuterSignatureInEitherCaseAndUpperCaseGuidAreAccepted() {
        SdkRequestFile lower = company.file("PERP", "hw-1").cppStyle(false);
        SdkRequestFile upper = company.file("PERP", "hw-2").cppStyle(true);
        accepted(lower.file(), "text/plain", company.headers());
        accepted(upper.file(), "text/plain", company.headers());
        assertThat(company.one("SELECT request_id FROM deactivation_requests WHERE company_id = ? AND request_id = ?",
                upper.requestId())).isEqualTo(upper.requestId()).matches("[0-9A-F-]{36}");
        assertThat(company.one("SELECT client_info->>'sdk_lang' FROM deactivation_events WHERE company_id = ? LIMIT 1"))
                .isEqualTo("C++");
    }

    @Test
    void goUtcDatesAndTheJsonObjectBodyAreAccepted() {
        SdkRequestFile file = company.file("PERP", "hw-1").goStyleDate();
        String date = SdkHeaders.apiKey(company.sharedKey, company.apiKey).get("Date").replace("GMT", "UTC");
        accepted(file.json(), "application/json", SdkHeaders.apiKey(company.sharedKey, company.apiKey, date));
        assertThat(company.deviceActive("PERP", "hw-1")).isFalse();
        // Judged exactly as the same object in base64: the replay is recognised across both forms.
        String before = company.snapshot();
        accepted(file.file(), "text/plain", company.headers());
        assertThat(company.snapshot()).isEqualTo(before);
    }

    @Test
    void secretKeyedV2FileNeedsNoInnerSignatureButAPresentOneMustVerify() {
        accepted(company.file("PERP", "hw-1").withoutInnerSignature().without("request").without("request_id").v2().file(),
                "text/plain", company.headers());
        refused(company.file("PERP", "hw-2").with("signature", Base64.getEncoder().encodeToString(new byte[32])).v2().file(),
                400, "signature_mismatch");
        assertThat(company.deviceActive("PERP", "hw-2")).isTrue();
    }

    @Test
    void v1AndClientIdKeyedV2FilesStillNeedTheInnerSignature() {
        refused(company.file("PERP", "hw-1").withoutInnerSignature().file(), 400, "validation_error");
        SdkRequestFile oauth = SdkRequestFile.keyBased(company.clientSecret, null, "studio", "PERP", "hw-1")
                .without("api_key").with("client_id", company.clientId).withoutInnerSignature().v2(company.clientId, false);
        String token = given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
                .formParam("client_id", company.clientId).formParam("client_secret", company.clientSecret)
                .when().post("/api/v4/oauth/token").then().statusCode(200).extract().path("access_token");
        given().header("Authorization", "Bearer " + token).header("Date", company.headers().get("Date"))
                .contentType("text/plain").body(oauth.file()).when().post(PATH)
                .then().statusCode(400).body("code", equalTo("validation_error"));
        assertThat(company.deviceActive("PERP", "hw-1")).isTrue();
    }

    @Test
    void requestIdIsAnyStringUpTo128Characters() {
        SdkRequestFile file = company.file("PERP", "hw-1").with("request_id", "plant-7/line 3/#0042");
        accepted(file.file(), "text/plain", company.headers());
        refused(company.file("PERP", "hw-2").with("request_id", "r".repeat(129)).file(), 400, "validation_error");
        given().auth().oauth2(TestCompany.ADMIN_TOKEN).queryParam("request_id", "plant-7/line 3/#0042")
                .when().get("/admin/v1/companies/" + company.code + "/deactivations")
                .then().statusCode(200);
    }

    @Test
    void deviceVariablesAreStoredExactlyAsWritten() {
        String json = company.file("PERP", "hw-1").with("variables", "__VARIABLES__").json()
                .replace("\"__VARIABLES__\"", "{\"big\": 1e400, \"precise\": 0.10000000000000000555, \"site\": \"plant-7\"}");
        accepted(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)), "text/plain", company.headers());
        String where = "FROM devices d JOIN licenses l USING (company_id, license_id) "
                + "WHERE d.company_id = ? AND l.license_key = 'PERP' AND d.hardware_id = 'hw-1'";
        assertThat(company.one("SELECT d.variables->>'precise' " + where)).isEqualTo("0.10000000000000000555");
        assertThat(company.one("SELECT ((d.variables->>'big')::numeric = 1e400)::text " + where)).isEqualTo("true");
        assertThat(company.one("SELECT d.variables->>'site' " + where)).isEqualTo("plant-7");
    }

    @Test
    void theSameInnerSignatureOnTwoUserBasedProductsIsTwoRequests() {
        // A second user-based product with the same user and hardware id: identical inner signatures.
        SdkRows.update("INSERT INTO products (company_id, code, name, authorization_method) VALUES (?, 'cloud2', 'Cloud 2', 'user')",
                company.code);
        SdkRows.update("""
                INSERT INTO licenses (company_id, product_id, license_type, times_activated)
                SELECT company_id, product_id, 'perpetual', 1 FROM products WHERE company_id = ? AND code = 'cloud2'""",
                company.code);
        SdkRows.update("""
                INSERT INTO license_users (company_id, product_id, license_id, username)
                SELECT p.company_id, p.product_id, l.license_id, ? FROM products p JOIN licenses l USING (company_id, product_id)
                WHERE p.company_id = ? AND p.code = 'cloud2'""", company.username(), company.code);
        SdkRows.update("""
                INSERT INTO devices (company_id, license_id, hardware_id)
                SELECT l.company_id, l.license_id, 'hw-1' FROM licenses l JOIN products p USING (company_id, product_id)
                WHERE p.company_id = ? AND p.code = 'cloud2'""", company.code);
        SdkRequestFile first = SdkRequestFile.userBased(company.sharedKey, company.apiKey, "cloud", company.username(), "hw-1");
        SdkRequestFile second = SdkRequestFile.userBased(company.sharedKey, company.apiKey, "cloud2", company.username(), "hw-1")
                .with("date", first.request().get("date"));
        assertThat(second.request().get("signature")).isEqualTo(first.request().get("signature"));
        accepted(first.file(), "text/plain", company.headers());
        accepted(second.file(), "text/plain", company.headers());
        assertThat(company.one("SELECT count(*) FROM devices WHERE company_id = ? AND hardware_id = 'hw-1' AND NOT active"))
                .isEqualTo("2");
        // The same signature under a new request id on the same license is still refused.
        refused(SdkRequestFile.userBased(company.sharedKey, company.apiKey, "cloud", company.username(), "hw-1")
                .with("date", first.request().get("date")).file(), 409, "request_id_conflict");
    }
}
