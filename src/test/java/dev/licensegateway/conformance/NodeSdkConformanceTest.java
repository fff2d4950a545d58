package dev.licensegateway.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The vendor's own Node SDK 1.4.17 against the running gateway: every file is written and every call signed
 * and sent by the SDK's code ({@link NodeSdk}), in API-key and in OAuth mode (the SDK fetches its token from
 * our token endpoint). Each test asserts the SDK's answer and the rows left behind.
 */
@QuarkusTest
class NodeSdkConformanceTest {

    TestCompany company;

    @BeforeEach
    void provision() {
        company = TestCompany.create();
    }

    private Map<String, Object> apiKeyConfig(String sharedKey) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiPath", "http://localhost:" + RestAssured.port + "/api/v4");
        config.put("apiKey", company.apiKey);
        config.put("sharedKey", sharedKey);
        config.put("appName", "studio-desktop");
        config.put("appVersion", "5.2.0");
        return config;
    }

    private Map<String, Object> apiKeyConfig() {
        return apiKeyConfig(company.sharedKey);
    }

    private Map<String, Object> oauthConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiPath", "http://localhost:" + RestAssured.port + "/api/v4");
        config.put("clientID", company.clientId);
        config.put("clientSecret", company.clientSecret);
        config.put("tokenUrl", "http://localhost:" + RestAssured.port + "/api/v4/oauth/token");
        config.put("appName", "studio-desktop");
        config.put("appVersion", "5.2.0");
        return config;
    }

    private static Map<String, Object> keyBased(String licenseKey, String hardwareId) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("product", "studio");
        payload.put("hardware_id", hardwareId);
        payload.put("license_key", licenseKey);
        return payload;
    }

    private static void assertDeactivated(JsonNode result) {
        assertThat(result.path("error").isMissingNode()).as("SDK error: %s", result).isTrue();
        // The SDK's deactivateOffline() resolves to true only when the gateway answered "license_deactivated".
        assertThat(result.path("result").isBoolean() && result.path("result").booleanValue()).as("%s", result).isTrue();
    }

    private static void assertError(JsonNode result, int status, String code) {
        assertThat(result.path("error").path("status").asInt()).as("%s", result).isEqualTo(status);
        assertThat(result.path("error").path("code").asText()).as("%s", result).isEqualTo(code);
    }

    @Test
    void apiKeyLowLevelFileWithConsumptionsAndFeaturesIsAppliedOnceAndReplayed() {
        Map<String, Object> payload = keyBased("CONS", "hw-1");
        payload.put("consumptions", 3);
        payload.put("product_features", List.of(Map.of("feature", "render-minutes", "consumptions", 2)));
        payload.put("variables", Map.of("site", "plant-7"));
        JsonNode file = NodeSdk.run(apiKeyConfig(), List.of(NodeSdk.create(payload))).get(0);
        String text = file.get("file").asText();
        String requestId = SdkRows.decoded(text).replaceAll(".*\"request_id\":\"([^\"]+)\".*", "$1");

        List<JsonNode> posts = NodeSdk.run(apiKeyConfig(), List.of(NodeSdk.post(text)));
        assertDeactivated(posts.get(0));
        assertThat(company.deviceActive("CONS", "hw-1")).isFalse();
        assertThat(company.timesActivated("CONS")).isEqualTo(39);
        assertThat(company.totalConsumptions("CONS")).isEqualTo(3);
        assertThat(company.featureTotal("CONS", "render-minutes")).isEqualTo(2);
        assertThat(company.one("SELECT request_id FROM deactivation_requests WHERE company_id = ?")).isEqualTo(requestId);
        assertThat(company.one("SELECT client_info->>'app_name' FROM deactivation_events WHERE company_id = ?"))
                .isEqualTo("studio-desktop");
        assertThat(company.one("""
                SELECT d.variables->>'site' FROM devices d JOIN licenses l USING (company_id, license_id)
                WHERE d.company_id = ? AND l.license_key = 'CONS' AND d.hardware_id = 'hw-1'""")).isEqualTo("plant-7");

        String before = company.snapshot();
        assertDeactivated(NodeSdk.run(apiKeyConfig(), List.of(NodeSdk.post(text))).get(0));
        assertThat(company.snapshot()).isEqualTo(before);
    }

    @Test
    void oauthLowLevelFileIsAppliedWithTheTokenFromOurEndpoint() {
        List<JsonNode> results = NodeSdk.run(oauthConfig(), List.of(NodeSdk.create(keyBased("PERP", "hw-1"))));
        String text = results.get(0).get("file").asText();
        assertThat(SdkRows.decoded(text)).contains("\"client_id\":\"" + company.clientId + "\"").doesNotContain("api_key");

        List<JsonNode> posts = NodeSdk.run(oauthConfig(), List.of(NodeSdk.post(text), NodeSdk.post(text)));
        assertDeactivated(posts.get(0));
        assertDeactivated(posts.get(1));
        assertThat(company.deviceActive("PERP", "hw-1")).isFalse();
        assertThat(company.timesActivated("PERP")).isEqualTo(2);
        assertThat(company.count("deactivation_requests")).isEqualTo(1);
        assertThat(company.one("SELECT principal FROM deactivation_events WHERE company_id = ?")).isEqualTo(company.clientId);
    }

    @Test
    void fileOfLicenseDeactivateOfflineIsKeyedByItsRequestBytesAndNeverDeactivatesANewerActivation() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("license_key", "PERP");
        data.put("api_key", company.apiKey);
        data.put("product", "studio");
        data.put("hardware_id", "hw-2");
        data.put("license_id", 1234567);
        data.put("variables", Map.of("site", "plant-7", "line", "3"));
        String text = NodeSdk.run(apiKeyConfig(), List.of(NodeSdk.requestFile(data))).get(0).get("file").asText();
        assertThat(SdkRows.decoded(text)).doesNotContain("request_id").doesNotContain("\"request\":\"");
        String key = SdkRows.sha256Key(text);

        assertDeactivated(NodeSdk.run(apiKeyConfig(), List.of(NodeSdk.post(text))).get(0));
        assertThat(company.deviceActive("PERP", "hw-2")).isFalse();
        assertThat(company.one("SELECT request_id FROM deactivation_requests WHERE company_id = ?")).isEqualTo(key);
        assertThat(company.one("SELECT request_id FROM deactivation_events WHERE company_id = ?")).isEqualTo(key);
        assertThat(company.one("""
                SELECT d.variables::text FROM devices d JOIN licenses l USING (company_id, license_id)
                WHERE d.company_id = ? AND l.license_key = 'PERP' AND d.hardware_id = 'hw-2'"""))
                .isEqualTo("{\"line\": \"3\", \"site\": \"plant-7\"}");

        SdkRows.activate(company.code, "PERP", "hw-2");
        String before = company.snapshot();
        assertDeactivated(NodeSdk.run(apiKeyConfig(), List.of(NodeSdk.post(text))).get(0));
        assertThat(company.snapshot()).isEqualTo(before);
        assertThat(company.deviceActive("PERP", "hw-2")).isTrue();
    }

    @Test
    void oauthFileOfLicenseDeactivateOfflineIsApplied() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("license_key", "PERP");
        data.put("client_id", company.clientId);
        data.put("product", "studio");
        data.put("hardware_id", "hw-3");
        data.put("license_id", 7654321);
        data.put("variables", Map.of());
        String text = NodeSdk.run(oauthConfig(), List.of(NodeSdk.requestFile(data))).get(0).get("file").asText();
        assertDeactivated(NodeSdk.run(oauthConfig(), List.of(NodeSdk.post(text))).get(0));
        assertThat(company.deviceActive("PERP", "hw-3")).isFalse();
        assertThat(company.one("SELECT request_id FROM deactivation_requests WHERE company_id = ?"))
                .isEqualTo(SdkRows.sha256Key(text));
    }

    @Test
    void userBasedFilesOfBothLevelsAreApplied() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("product", "cloud");
        payload.put("hardware_id", "hw-1");
        payload.put("username", company.username());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("username", company.username());
        data.put("api_key", company.apiKey);
        data.put("product", "cloud");
        data.put("hardware_id", "hw-2");
        data.put("license_id", 42);
        data.put("variables", Map.of());
        List<JsonNode> files = NodeSdk.run(apiKeyConfig(), List.of(NodeSdk.create(payload), NodeSdk.requestFile(data)));
        List<JsonNode> posts = NodeSdk.run(apiKeyConfig(), List.of(NodeSdk.post(files.get(0).get("file").asText()),
                NodeSdk.post(files.get(1).get("file").asText())));
        assertDeactivated(posts.get(0));
        assertDeactivated(posts.get(1));
        assertThat(company.one("""
                SELECT string_agg(d.hardware_id || '=' || d.active, ',' ORDER BY d.hardware_id) FROM devices d
                JOIN license_users u ON u.company_id = d.company_id AND u.license_id = d.license_id
                WHERE d.company_id = ?""")).isEqualTo("hw-1=false,hw-2=false,hw-3=true");
        assertThat(company.count("deactivation_events")).isEqualTo(2);
    }

    @Test
    void licenseManagerFileIsApplied() {
        JsonNode file = NodeSdk.run(apiKeyConfig(), List.of(NodeSdk.managerCreate("studio", "hw-3",
                Map.of("license_key", "PERP")))).get(0);
        assertDeactivated(NodeSdk.run(apiKeyConfig(), List.of(NodeSdk.post(file.get("file").asText()))).get(0));
        assertThat(company.deviceActive("PERP", "hw-3")).isFalse();
    }

    @Test
    void tamperedFileIsRefusedAndChangesNothing() {
        String text = NodeSdk.run(apiKeyConfig(), List.of(NodeSdk.create(keyBased("PERP", "hw-1")))).get(0)
                .get("file").asText();
        String tampered = SdkRows.encoded(SdkRows.decoded(text).replace("\"hw-1\"", "\"hw-2\""));
        String before = company.snapshot();
        assertError(NodeSdk.run(apiKeyConfig(), List.of(NodeSdk.post(tampered))).get(0), 400, "signature_mismatch");
        assertThat(company.snapshot()).isEqualTo(before);
    }

    @Test
    void wrongKeyIsRefusedInTheHeaderAndInTheFile() {
        Map<String, Object> wrong = apiKeyConfig("not-the-shared-key");
        String signedWrong = NodeSdk.run(wrong, List.of(NodeSdk.create(keyBased("PERP", "hw-1")))).get(0)
                .get("file").asText();
        String signedRight = NodeSdk.run(apiKeyConfig(), List.of(NodeSdk.create(keyBased("PERP", "hw-1")))).get(0)
                .get("file").asText();
        String before = company.snapshot();
        assertError(NodeSdk.run(apiKeyConfig(), List.of(NodeSdk.post(signedWrong))).get(0), 400, "signature_mismatch");
        assertError(NodeSdk.run(wrong, List.of(NodeSdk.post(signedRight))).get(0), 400, "signature_mismatch");
        assertThat(company.snapshot()).isEqualTo(before);
    }

    @Test
    void activationFileIsRefused() {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("product", "cloud");
        payload.put("hardware_id", "hw-1");
        payload.put("username", company.username());
        payload.put("password", "pw-" + company.code);
        String text = NodeSdk.run(apiKeyConfig(), List.of(NodeSdk.createActivation(payload))).get(0).get("file").asText();
        String before = company.snapshot();
        assertError(NodeSdk.run(apiKeyConfig(), List.of(NodeSdk.post(text))).get(0), 400, "validation_error");
        assertThat(company.snapshot()).isEqualTo(before);
    }
}
