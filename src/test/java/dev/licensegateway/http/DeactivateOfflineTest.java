package dev.licensegateway.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoint as the vendor's SDKs and other clients drive it: every body form, both schema versions. */
@QuarkusTest
class DeactivateOfflineTest {

    static final String PATH = "/api/v4/deactivate_offline";
    static final DateTimeFormatter IMF =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    TestCompany company;

    @BeforeEach
    void provision() {
        company = TestCompany.create();
    }

    @Test
    void sdkV1FileAsTextPlainDeactivatesTheDevice() {
        SdkRequestFile file = company.file("PERP", "hw-1");
        given().headers(company.headers()).contentType("text/plain").body(file.file())
                .when().post(PATH)
                .then().statusCode(200).contentType(startsWith("text/plain")).body(equalTo("license_deactivated"));
        assertThat(company.deviceActive("PERP", "hw-1")).isFalse();
        assertThat(company.deviceActive("PERP", "hw-2")).isTrue();
        assertThat(company.timesActivated("PERP")).isEqualTo(2);
        assertThat(company.count("deactivation_requests")).isEqualTo(1);
        assertThat(company.count("deactivation_events")).isEqualTo(1);
    }

    @Test
    void sdkV2FileWithNonAsciiTextAndBase64OuterSignatureIsAccepted() {
        SdkRequestFile file = company.file("PERP", "hw-1").with("hostname", "Fräsmaschine-東京-01").v2();
        assertThat(file.json()).contains("\"hostname\": \"Fräsmaschine-東京-01\"", "\"schema_version\": 2");
        given().headers(company.headers()).contentType("text/plain").body(file.file())
                .when().post(PATH).then().statusCode(200);
        assertThat(company.one("SELECT client_info->>'hostname' FROM deactivation_events WHERE company_id = ?"))
                .isEqualTo("Fräsmaschine-東京-01");
        assertThat(company.one("SELECT schema_version::text FROM deactivation_events WHERE company_id = ?")).isEqualTo("2");
    }

    @Test
    void v2OuterSignatureInLowercaseHexAsTheCppSdkWritesIsAccepted() {
        SdkRequestFile file = company.file("PERP", "hw-2").v2(company.sharedKey, true);
        given().headers(company.headers()).body(file.file()).when().post(PATH).then().statusCode(200);
    }

    @Test
    void aV2FileWhoseRequestWasEditedAfterSigningIsRefused() {
        String json = company.file("CONS", "hw-1").consumptions(1).v2().json().replace("\"consumptions\": 1", "\"consumptions\": 9");
        given().headers(company.headers()).body(base64(json))
                .when().post(PATH).then().statusCode(400).body("code", equalTo("signature_mismatch"));
        assertThat(company.deviceActive("CONS", "hw-1")).isTrue();
    }

    @Test
    void everyBodyFormIsRead() {
        String wrapped = Base64.getMimeEncoder().encodeToString(company.file("PERP", "hw-1").json().getBytes(StandardCharsets.UTF_8));
        assertThat(wrapped).contains("\r\n");
        assertThat(Http.send(Http.post(PATH, company.headers(), null, wrapped)).statusCode()).isEqualTo(200);

        String octets = company.file("PERP", "hw-2").file();
        assertThat(Http.send(Http.post(PATH, company.headers(), "application/octet-stream", octets)).statusCode()).isEqualTo(200);

        // Form-urlencoded is taken literally: a '+' of the base64 text must survive.
        String plus = plusContaining(company.file("PERP", "hw-3"));
        assertThat(Http.send(Http.post(PATH, company.headers(), "application/x-www-form-urlencoded", plus)).statusCode())
                .isEqualTo(200);
        assertThat(company.timesActivated("PERP")).isZero();
    }

    @Test
    void multipartFilePartAndMultipartFieldAreRead() {
        given().headers(company.headers())
                .multiPart("file", "deactivate_offline.req", company.file("TRIAL", "hw-1").file().getBytes(StandardCharsets.US_ASCII))
                .when().post(PATH).then().statusCode(200).body(equalTo("license_deactivated"));
        given().headers(company.headers())
                .multiPart("file", company.file("TRIAL", "hw-2").file())
                .when().post(PATH).then().statusCode(200);
        given().headers(company.headers())
                .multiPart("other", "x")
                .when().post(PATH).then().statusCode(400).body("code", equalTo("missing_parameters"));
        assertThat(company.timesActivated("TRIAL")).isEqualTo(1);
    }

    @Test
    void theSdksOneSecondClockSkewIsAcceptedButNothingWider() {
        Instant written = Instant.now().minusSeconds(3600);
        SdkRequestFile skewed = company.file("PERP", "hw-1").with("date", IMF.format(written))
                .signedAt(IMF.format(written.plusSeconds(1)));
        given().headers(company.headers()).body(skewed.file()).when().post(PATH).then().statusCode(200);

        SdkRequestFile tooFar = company.file("PERP", "hw-2").with("date", IMF.format(written))
                .signedAt(IMF.format(written.plusSeconds(2)));
        given().headers(company.headers()).body(tooFar.file()).when().post(PATH)
                .then().statusCode(400).body("code", equalTo("signature_mismatch"));
    }

    @Test
    void aFileWrittenWeeksAgoIsStillAccepted() {
        SdkRequestFile old = company.file("PERP", "hw-1").with("date", IMF.format(Instant.now().minusSeconds(40L * 86400)));
        given().headers(company.headers()).body(old.file()).when().post(PATH).then().statusCode(200);
    }

    @Test
    void consumptionsFeaturesAndVariablesAreRecordedWithTheAuditEvent() {
        SdkRequestFile file = company.file("CONS", "hw-1").consumptions(7).feature("render-minutes", 4)
                .feature("render-minutes", 3).with("variables", java.util.Map.of("site", "plant-3"));
        given().headers(company.headers()).body(file.file()).when().post(PATH).then().statusCode(200);
        assertThat(company.totalConsumptions("CONS")).isEqualTo(7);
        assertThat(company.featureTotal("CONS", "render-minutes")).isEqualTo(7);
        assertThat(company.one("""
                SELECT d.variables->>'site' FROM devices d JOIN licenses l USING (company_id, license_id)
                WHERE d.company_id = ? AND l.license_key = 'CONS' AND d.hardware_id = 'hw-1'""")).isEqualTo("plant-3");
        assertThat(company.one("""
                SELECT request_id || ' ' || principal || ' ' || consumptions || ' ' || feature_deltas::text
                       || ' ' || (source_ip IS NOT NULL)
                FROM deactivation_events WHERE company_id = ?"""))
                .isEqualTo(file.requestId() + " " + dev.licensegateway.credentials.ApiKeyId.of(company.apiKey)
                        + " 7 {\"render-minutes\": 7} true");
    }

    @Test
    void aUserBasedLicenseIsFoundThroughItsUsername() {
        SdkRequestFile file = SdkRequestFile.userBased(company.sharedKey, company.apiKey, "cloud", company.username(), "hw-1");
        given().headers(company.headers()).body(file.file()).when().post(PATH).then().statusCode(200);
        assertThat(company.one("""
                SELECT d.active::text FROM devices d JOIN license_users u USING (company_id, license_id)
                WHERE d.company_id = ? AND u.username = ? AND d.hardware_id = 'hw-1'""",
                company.username())).isEqualTo("false");
    }

    private static String base64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A file whose base64 contains '+', which form decoding would turn into a space. Three '~' in a row put
     * one at the last byte of a base64 group, and 0x7E ends that group with the sextet 62, '+'.
     */
    private static String plusContaining(SdkRequestFile file) {
        String text = file.with("hostname", "node~~~").file();
        assertThat(text).contains("+");
        return text;
    }

    static HttpResponse<String> post(TestCompany company, String body) {
        return Http.send(Http.post(PATH, company.headers(), "text/plain", body));
    }
}
