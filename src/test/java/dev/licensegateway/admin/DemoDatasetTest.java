package dev.licensegateway.admin;

import static dev.licensegateway.admin.AdminTestData.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.licensegateway.admin.model.ImportResult;
import dev.licensegateway.admin.service.ImportService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The demo dataset imports through {@link ImportService} called from a plain thread, as the run mode does
 * at start. The test renames the company and its globally unique keys, so it never meets the real demo.
 */
@QuarkusTest
class DemoDatasetTest {

    @Inject
    ImportService imports;

    @Test
    void demoDatasetImportsFromPlainJavaCode() throws Exception {
        String code = AdminTestData.code();
        String json;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ImportService.DEMO_DATASET)) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        json = json.replace("\"code\": \"demo\"", "\"code\": \"" + code + "\"")
                .replace("ak-demo-0001", "ak-" + code).replace("\"demo-client\"", "\"client-" + code + "\"");

        ImportResult result = imports.importJson(json.getBytes(StandardCharsets.UTF_8))
                .await().atMost(Duration.ofSeconds(30));

        assertThat(result.created().licenses()).isEqualTo(4);
        assertThat(result.created().activeDevices()).isEqualTo(11);
        assertThat(result.created().licenseUsers()).isEqualTo(1);
        assertThat(result.companies().get(0).generatedSecrets().sharedKeys()).isEmpty();
        assertThat(result.toString()).doesNotContain("kw4qSnpSwXzgiv5yxYpZZmFEd9QAeiKTQ6OuyMja");
        admin().get("/admin/v1/companies/{c}/licenses/{l}", code, "AAAA-BBBB-CCCC").then().statusCode(200)
                .body("type", equalTo("consumption"))
                .body("times_activated", equalTo(5))
                .body("consumption.max", equalTo(1000))
                .body("consumption.allow_overages", equalTo(true))
                .body("consumption.max_overages", equalTo(100))
                .body("features[0].code", equalTo("render-minutes"))
                .body("features[0].max_consumption", equalTo(500))
                .body("devices.hardware_id.sort()", equalTo(java.util.List.of("3f1c9b2e-hw-0001", "3f1c9b2e-hw-0002",
                        "3f1c9b2e-hw-0003", "3f1c9b2e-hw-0004", "3f1c9b2e-hw-0005")));
        admin().get("/admin/v1/companies/{c}/licenses/{l}", code, "DEMO-TRIAL-0001").then().statusCode(200)
                .body("trial", equalTo(true)).body("times_activated", equalTo(1));
        admin().get("/admin/v1/companies/{c}/licenses/{l}", code, "ops@demo.test").then().statusCode(200)
                .body("product", equalTo("cloud")).body("times_activated", equalTo(2));
    }
}
