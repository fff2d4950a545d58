package dev.licensegateway.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Incremental provisioning: the import's document with "mode": "upsert", and the per-license endpoints. */
@QuarkusTest
class UpsertTest {

    @Test
    void theSameDocumentTwiceChangesNothingTheSecondTime() {
        TestCompany company = TestCompany.create();
        String document = changes(company);

        JsonPath first = upsert(document).statusCode(200).extract().jsonPath();
        assertThat(first.getMap("changes")).containsKeys("create", "update", "activate", "release");
        String state = company.snapshot() + licenses(company);
        long audited = company.count("admin_audit");
        // The create-mode import that made the company is one audit row; each change of the upsert is one more.
        assertThat(audited).isEqualTo(1 + first.getMap("changes", String.class, Integer.class).values().stream()
                .mapToInt(Integer::intValue).sum());

        JsonPath second = upsert(document).statusCode(200).extract().jsonPath();
        assertThat(second.getMap("changes")).isEmpty();
        assertThat(company.snapshot() + licenses(company)).isEqualTo(state);
        assertThat(company.count("admin_audit")).isEqualTo(audited);

        // What the document said, and times_activated still the number of active devices.
        assertThat(company.deviceActive("PERP", "hw-2")).isFalse();
        assertThat(company.deviceActive("PERP", "hw-9")).isTrue();
        assertThat(company.timesActivated("PERP")).isEqualTo(3);
        assertThat(company.one("SELECT count(*) FROM licenses l WHERE company_id = ? AND times_activated <> "
                + "(SELECT count(*) FROM devices d WHERE d.company_id = l.company_id AND d.license_id = l.license_id "
                + "AND d.active)")).isEqualTo("0");
        assertThat(company.one("SELECT max_activations || ' ' || enabled FROM licenses WHERE company_id = ? "
                + "AND license_key = 'PERP'")).isEqualTo("6 true");
        assertThat(company.one("SELECT variables::text FROM devices WHERE company_id = ? AND hardware_id = 'hw-1' "
                + "AND active AND license_id = (SELECT license_id FROM licenses WHERE company_id = ? AND license_key = 'PERP')",
                company.code)).isEqualTo("{\"site\": \"plant-9\"}");
        assertThat(company.one("SELECT count(*) FROM licenses WHERE company_id = ? AND license_key = 'NEW-1'")).isEqualTo("1");
        assertThat(company.one("SELECT max_consumptions FROM license_features WHERE company_id = ?")).isEqualTo("70");
        assertThat(company.one("SELECT count(*) FROM license_users WHERE company_id = ?")).isEqualTo("2");
        String audit = company.one("SELECT string_agg(actor || ' ' || action || ' ' || object_type || ' ' || object_key "
                + "|| ' ' || coalesce(before::text, '-') || ' -> ' || coalesce(after::text, '-'), E'\\n' ORDER BY audit_id) "
                + "FROM admin_audit WHERE company_id = ?");
        assertThat(audit).contains("ops-alice update license PERP", "\"max_activations\": 5", "\"max_activations\": 6",
                        "ops-alice release device", "ops-alice activate device", "ops-alice create license_user",
                        "ops-alice create oauth_client")
                .doesNotContain("pw-new-user", "cs-upserted-secret", "pw-" + company.code);
    }

    @Test
    void aReactivatedDeviceIsDeactivatedByANewFileWhileTheOldFileStaysAReplay() {
        TestCompany company = TestCompany.create();
        SdkRequestFile old = company.file("PERP", "hw-1");
        assertThat(deactivate(company, old).statusCode()).isEqualTo(200);
        assertThat(company.deviceActive("PERP", "hw-1")).isFalse();

        admin().contentType(ContentType.JSON).body("{\"hardware_id\": \"hw-1\", \"variables\": {\"site\": \"again\"}}")
                .post("/admin/v1/companies/{c}/licenses/PERP/devices", company.code)
                .then().statusCode(200).body("times_activated", equalTo(3));
        assertThat(company.deviceActive("PERP", "hw-1")).isTrue();

        HttpResponse<String> replay = deactivate(company, old);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo("license_deactivated");
        assertThat(company.deviceActive("PERP", "hw-1")).as("an old file never deactivates a newer activation").isTrue();
        assertThat(company.timesActivated("PERP")).isEqualTo(3);

        // A file written later (another second: the same second would repeat the old file's inner signature).
        String later = java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US)
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now().plusSeconds(5));
        assertThat(deactivate(company, company.file("PERP", "hw-1").with("date", later)).statusCode()).isEqualTo(200);
        assertThat(company.deviceActive("PERP", "hw-1")).isFalse();
        assertThat(company.timesActivated("PERP")).isEqualTo(2);
        assertThat(deactivate(company, old).statusCode()).isEqualTo(200);
        assertThat(company.count("deactivation_events")).isEqualTo(2);
    }

    @Test
    void disablingALicenseMakesItsNextFileLicenseNotEnabled() {
        TestCompany company = TestCompany.create();
        admin().header("X-Admin-Actor", "ops-bob").contentType(ContentType.JSON).body("{\"enabled\": false}")
                .patch("/admin/v1/companies/{c}/licenses/PERP", company.code)
                .then().statusCode(200).body("enabled", equalTo(false));
        String before = company.snapshot();
        HttpResponse<String> refused = deactivate(company, company.file("PERP", "hw-1"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"code\":\"license_not_enabled\"");
        assertThat(company.snapshot()).isEqualTo(before);
        assertThat(company.one("SELECT actor || ' ' || (before->>'enabled') || ' -> ' || (after->>'enabled') FROM admin_audit "
                + "WHERE company_id = ? AND object_type = 'license'")).isEqualTo("ops-bob true -> false");

        admin().contentType(ContentType.JSON).body("{\"enabled\": true}")
                .patch("/admin/v1/companies/{c}/licenses/PERP", company.code).then().statusCode(200);
        assertThat(deactivate(company, company.file("PERP", "hw-1")).statusCode()).isEqualTo(200);
    }

    @Test
    void anOperatorReleasesADeviceAndTheSeatIsFree() {
        TestCompany company = TestCompany.create();
        admin().post("/admin/v1/companies/{c}/licenses/PERP/devices/hw-3/release", company.code)
                .then().statusCode(200).body("times_activated", equalTo(2));
        admin().post("/admin/v1/companies/{c}/licenses/PERP/devices/hw-3/release", company.code)
                .then().statusCode(200).body("times_activated", equalTo(2));
        HttpResponse<String> gone = deactivate(company, company.file("PERP", "hw-3"));
        assertThat(gone.body()).contains("device_not_found");
        assertThat(company.one("SELECT count(*) FROM admin_audit WHERE company_id = ? AND action = 'release'")).isEqualTo("1");
    }

    @Test
    void aBadDocumentIsRefusedWholeWithTheImportsFieldErrors() {
        TestCompany company = TestCompany.create();
        String before = company.snapshot() + licenses(company);
        upsert("{\"mode\": \"merge\", \"companies\": [{\"code\": \"" + company.code + "\"}]}")
                .statusCode(400).body("message", equalTo("mode: must be create or upsert"));
        upsert(wrap(company, "{\"license_key\": \"PERP\", \"colour\": \"red\"}"))
                .statusCode(400).body("message", equalTo("companies[0].products[0].licenses[0].colour: unknown field"));
        upsert(wrap(company, "{\"license_key\": \"PERP\", \"max_activations\": \"6\"}"))
                .statusCode(400).body("message", equalTo("companies[0].products[0].licenses[0].max_activations: expected an integer"));
        // A valid change followed by a license that cannot be created: nothing of it is written.
        upsert(wrap(company, "{\"license_key\": \"PERP\", \"max_activations\": 9}, {\"license_key\": \"NO-TYPE\"}"))
                .statusCode(400).body("code", equalTo("validation_error"))
                .body("message", equalTo("companies[0].products[0].licenses[1].type: is required for a new license"));
        // More active devices than allowed.
        upsert(wrap(company, "{\"license_key\": \"PERP\", \"devices\": [{\"hardware_id\": \"hw-7\"}, {\"hardware_id\": \"hw-8\"},"
                + " {\"hardware_id\": \"hw-9\"}]}"))
                .statusCode(400).body("message", equalTo(
                        "the license PERP would have 6 active devices, more than its max_activations (5); nothing was written"));
        upsert(wrap(company, "{\"license_key\": \"PERP\", \"consumption\": {\"max\": 5}}"))
                .statusCode(400).body("message", equalTo(
                        "companies[0].products[0].licenses[0].consumption: only consumption licenses have consumption settings"));
        admin().contentType(ContentType.JSON).body("{\"license_key\": \"OTHER\"}")
                .patch("/admin/v1/companies/{c}/licenses/PERP", company.code)
                .then().statusCode(400).body("message", equalTo("license_key: cannot change; the path names the license"));
        admin().contentType(ContentType.JSON).body("{\"enabled\": false}")
                .patch("/admin/v1/companies/{c}/licenses/NOPE", company.code).then().statusCode(404);
        assertThat(company.snapshot() + licenses(company)).isEqualTo(before);
        assertThat(company.one("SELECT string_agg(action || ' ' || object_type, ',') FROM admin_audit WHERE company_id = ?"))
                .as("only the import that created the company").isEqualTo("create company");
    }

    @Test
    void anUpsertCreatesACompanyThatDoesNotExistLikeCreateMode() throws Exception {
        String code = TestCompany.random("t-");
        String document = "{\"mode\": \"upsert\", \"companies\": [{\"code\": \"" + code + "\", \"api_keys\": [], "
                + "\"products\": [{\"code\": \"p\", \"licenses\": [{\"license_key\": \"K\", \"type\": \"perpetual\", "
                + "\"devices\": [{\"hardware_id\": \"h\"}]}]}]}]}";
        upsert(document).statusCode(200).body("companies[0].created", equalTo(true));
        assertThat(AdminTestData.count("SELECT count(*) FROM admin_audit WHERE company_id = ?", code)).isEqualTo(1);
        upsert(document).statusCode(200).body("companies[0].created", equalTo(false))
                .body("changes", equalTo(java.util.Map.of()));
    }

    private static String changes(TestCompany company) {
        return """
                {"mode": "upsert", "companies": [{
                  "code": "%1$s", "name": "Renamed %1$s",
                  "shared_keys": ["%2$s"], "api_keys": [{"key": "%3$s"}],
                  "oauth_clients": [{"client_id": "oc-%1$s"}, {"client_id": "oc2-%1$s", "client_secret": "cs-upserted-secret"}],
                  "products": [
                    {"code": "studio", "features": [{"code": "render-minutes", "type": "consumption"},
                                                    {"code": "extra", "type": "consumption"}],
                     "licenses": [
                       {"license_key": "PERP", "max_activations": 6,
                        "devices": [{"hardware_id": "hw-1", "variables": {"site": "plant-9"}},
                                    {"hardware_id": "hw-2", "active": false},
                                    {"hardware_id": "hw-9"}, {"hardware_id": "old-1", "active": false}]},
                       {"license_key": "CONS", "features": [{"code": "render-minutes", "max_consumption": 70}]},
                       {"license_key": "NEW-1", "type": "perpetual", "devices": [{"hardware_id": "n-1"}]}]},
                    {"code": "cloud", "licenses": [{"users": [{"username": "%4$s", "password": "pw-%1$s"},
                                                              {"username": "new@%1$s.test", "password": "pw-new-user"}],
                                                    "enabled": true}]},
                    {"code": "tools", "authorization_method": "license-key",
                     "licenses": [{"license_key": "T-1", "type": "perpetual"}]}
                  ]}]}""".formatted(company.code, company.sharedKey, company.apiKey, company.username());
    }

    private static String wrap(TestCompany company, String licenses) {
        return "{\"mode\": \"upsert\", \"companies\": [{\"code\": \"" + company.code + "\", \"products\": [{\"code\": "
                + "\"studio\", \"licenses\": [" + licenses + "]}]}]}";
    }

    private static String licenses(TestCompany company) {
        return company.one("SELECT string_agg(license_key || ' ' || enabled || ' ' || max_activations || ' ' || "
                + "max_consumptions, ',' ORDER BY license_id) FROM licenses WHERE company_id = ?")
                + company.one("SELECT string_agg(code, ',' ORDER BY code) FROM products WHERE company_id = ?")
                + company.one("SELECT count(*) FROM oauth_clients WHERE company_id = ?")
                + company.one("SELECT name FROM companies WHERE company_id = ?");
    }

    private static io.restassured.response.ValidatableResponse upsert(String document) {
        return admin().header("X-Admin-Actor", "ops-alice").contentType(ContentType.JSON).body(document)
                .post("/admin/v1/import").then();
    }

    private static HttpResponse<String> deactivate(TestCompany company, SdkRequestFile file) {
        return Http.send(Http.post("/api/v4/deactivate_offline", company.headers(), "text/plain", file.file()));
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(TestCompany.ADMIN_TOKEN);
    }
}
