package dev.licensegateway.admin;

import static dev.licensegateway.admin.AdminTestData.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code devices:bulk?mode=upsert}: each line is the wanted state of one device; the same upload twice is a no-op. */
@QuarkusTest
class BulkUpsertTest {

    private static final String BULK = "/admin/v1/companies/{c}/devices:bulk?mode=upsert";

    @Test
    void linesActivateReleaseAndUpdateDevicesAndTheSameUploadAgainChangesNothing() {
        TestCompany company = TestCompany.create();
        String oldFile = company.file("PERP", "hw-1").file();
        HttpResponse<String> first = Http.send(Http.post("/api/v4/deactivate_offline", company.headers(), "text/plain",
                oldFile));
        assertThat(first.statusCode()).isEqualTo(200);
        String upload = String.join("\n",
                "{\"license_key\": \"PERP\", \"hardware_id\": \"hw-1\"}",
                "{\"license_key\": \"PERP\", \"hardware_id\": \"hw-2\", \"active\": false}",
                "{\"license_key\": \"PERP\", \"hardware_id\": \"hw-3\", \"variables\": {\"rack\": 7}}",
                "{\"license_key\": \"CONS\", \"hardware_id\": \"new-1\", \"active\": true}",
                "{\"license_key\": \"CONS\", \"hardware_id\": \"new-1\", \"active\": false}",
                "{\"license_key\": \"TIMED\", \"hardware_id\": \"never-seen\", \"active\": false}") + "\n";

        JsonPath changed = bulk(company, upload).statusCode(200).body("mode", equalTo("upsert")).extract().jsonPath();
        assertThat(changed.getMap("changes", String.class, Integer.class))
                .containsEntry("activate", 1).containsEntry("release", 1).containsEntry("update", 1)
                .containsEntry("create", 2);
        assertThat(company.deviceActive("PERP", "hw-1")).as("re-activated").isTrue();
        assertThat(company.deviceActive("PERP", "hw-2")).isFalse();
        assertThat(company.deviceActive("CONS", "new-1")).as("a later line for a device wins").isFalse();
        assertThat(company.timesActivated("PERP")).isEqualTo(2);
        String state = company.snapshot();
        long audited = company.count("admin_audit");

        bulk(company, upload).statusCode(200).body("changes", equalTo(java.util.Map.of()));
        assertThat(company.snapshot()).isEqualTo(state);
        assertThat(company.count("admin_audit")).isEqualTo(audited);
        // The old file stays a replay of the first activation's deactivation.
        HttpResponse<String> replay = Http.send(Http.post("/api/v4/deactivate_offline", company.headers(), "text/plain",
                oldFile));
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(company.deviceActive("PERP", "hw-1")).isTrue();
    }

    @Test
    void anUploadPastMaxActivationsOrWithAnUnknownModeWritesNothing() {
        TestCompany company = TestCompany.create();
        String state = company.snapshot();
        StringBuilder upload = new StringBuilder();
        for (int i = 10; i < 13; i++) {
            upload.append("{\"license_key\": \"PERP\", \"hardware_id\": \"hw-").append(i).append("\"}\n");
        }
        bulk(company, upload.toString()).statusCode(400).body("code", equalTo("validation_error"))
                .body("message", equalTo("the license PERP would have 6 active devices, more than its "
                        + "max_activations (5); nothing was written"));
        admin().contentType("application/x-ndjson").body("{}\n".getBytes(StandardCharsets.UTF_8))
                .post("/admin/v1/companies/{c}/devices:bulk?mode=merge", company.code)
                .then().statusCode(400).body("message", equalTo("mode: must be create or upsert"));
        assertThat(company.snapshot()).isEqualTo(state);
        assertThat(company.count("admin_audit")).as("only the import that created the company").isEqualTo(1);
    }

    private static io.restassured.response.ValidatableResponse bulk(TestCompany company, String upload) {
        return admin().contentType("application/x-ndjson").body(upload.getBytes(StandardCharsets.UTF_8))
                .post(BULK, company.code).then();
    }
}
