package dev.licensegateway.runmode;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.testing.SdkHeaders;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The demo run mode: the dataset loads at start, the request it prints really deactivates a device, and
 * the SPEC's worked example files (whose keys the demo company has) are accepted over HTTP. The only test
 * that loads the demo dataset, whose API key is global.
 */
@QuarkusTest
@TestProfile(DemoModeTest.Demo.class)
class DemoModeTest {

    static final String PATH = "/api/v4/deactivate_offline";

    /** The run mode's switch, as GatewayMain sets it when no database is configured. */
    public static class Demo implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.demo.enabled", "true");
        }
    }

    @Test
    void theVendorVectorFilesAreAcceptedOnceAndTheirV2TwinIsAConflict() throws Exception {
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("/vectors/deactivation-files.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
        Map<String, String> headers = SdkHeaders.apiKey(DemoRequest.SHARED_KEY, DemoRequest.API_KEY);
        String v1 = vectors.get(0).get("file").asText();
        String v2 = vectors.get(1).get("file").asText();

        given().headers(headers).contentType("text/plain").body(v1).when().post(PATH)
                .then().statusCode(200).body(equalTo("license_deactivated"));
        given().headers(headers).contentType("text/plain").body(v1).when().post(PATH)
                .then().statusCode(200).body(equalTo("license_deactivated"));
        // The v2 vector carries the same request id and inner signature with another payload digest.
        given().headers(headers).contentType("text/plain").body(v2).when().post(PATH)
                .then().statusCode(409).body("code", equalTo("request_id_conflict"));

        JsonNode license = new ObjectMapper().readTree(given().auth().oauth2(TestCompany.ADMIN_TOKEN)
                .when().get("/admin/v1/companies/demo/licenses/" + DemoRequest.LICENSE_KEY)
                .then().statusCode(200).extract().asString());
        assertThat(license.toString()).contains("\"render-minutes\"");
        assertThat(license.findValuesAsText("hardware_id")).contains(DemoRequest.HARDWARE_ID);
    }

    @Test
    void thePrintedDemoCommandRunsInBashAndDeactivatesADemoDevice() throws Exception {
        for (String tool : new String[] {"bash", "openssl", "curl", "base64"}) {
            Assumptions.assumeTrue(onPath(tool), tool + " not found: the printed command cannot be run here");
        }
        String command = DemoRequest.curlCommand("http://localhost:" + RestAssured.port,
                DemoRequest.file(Instant.now(), "3f1c9b2e-hw-0002"));
        Process bash = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor()).isZero();
        assertThat(output).isEqualTo("license_deactivated\n200\n");

        String license = given().auth().oauth2(TestCompany.ADMIN_TOKEN)
                .when().get("/admin/v1/companies/demo/licenses/" + DemoRequest.LICENSE_KEY)
                .then().statusCode(200).extract().asString();
        JsonNode device = null;
        for (JsonNode d : new ObjectMapper().readTree(license).findParents("hardware_id")) {
            if (d.get("hardware_id").asText().equals("3f1c9b2e-hw-0002")) {
                device = d;
            }
        }
        assertThat(device).isNotNull();
        assertThat(device.get("active").asBoolean()).isFalse();
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (new java.io.File(dir, tool).canExecute()) {
                return true;
            }
        }
        return false;
    }
}
