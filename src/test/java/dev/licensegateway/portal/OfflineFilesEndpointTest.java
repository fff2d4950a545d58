package dev.licensegateway.portal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /admin/v1/offline-files}: operator-authenticated, each file proven by its own signatures. */
@QuarkusTest
class OfflineFilesEndpointTest {

    static final String PATH = "/admin/v1/offline-files";
    static final String SINGLE = "/api/v4/deactivate_offline";
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> OPERATOR = Map.of("Authorization", "Bearer " + TestCompany.ADMIN_TOKEN);

    @Test
    void eachFileIsProvenByItsOwnSignaturesAndAnsweredWithWhatTheTableShows() throws Exception {
        TestCompany company = TestCompany.create(false, 5);
        TestCompany other = TestCompany.create(false, 5);
        String valid = company.file("PERP", "hw-1").file();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("a/valid.req", valid);
        files.put("a/v2.req", company.file("CONS", "hw-1").consumptions(2).v2().file());
        files.put("a/again.req", valid);
        files.put("b/other-company.req", other.file("PERP", "hw-2").file());
        files.put("b/oauth.req", SdkRequestFile.keyBased(other.clientSecret, null, "studio", "PERP", "hw-3")
                .without("api_key").with("client_id", other.clientId).file());
        files.put("forged.req", SdkRequestFile.keyBased("not-the-key", company.apiKey, "studio", "PERP", "hw-2").file());
        files.put("unknown-license.req", company.file("NOPE", "hw-1").file());
        files.put("unknown-key.req", SdkRequestFile.keyBased(company.sharedKey, "ak-nobody", "studio", "PERP", "hw-2").file());
        files.put("garbage.req", "this is not a request file");
        files.put("empty.req", "");
        files.put("activation.req", company.file("PERP", "hw-3").with("request", "activation").file());
        HttpResponse<String> response = Http.send(Http.post(PATH, OPERATOR, "application/x-ndjson", ndjson(files)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<JsonNode> lines = lines(response.body());
        assertThat(lines).extracting(l -> l.get("name").asText()).containsExactlyElementsOf(files.keySet());
        assertLine(lines.get(0), "deactivated", null, company.code, "PERP", "hw-1");
        assertLine(lines.get(1), "deactivated", null, company.code, "CONS", "hw-1");
        assertLine(lines.get(2), "already_applied", null, company.code, "PERP", "hw-1");
        assertLine(lines.get(3), "deactivated", null, other.code, "PERP", "hw-2");
        assertLine(lines.get(4), "deactivated", null, other.code, "PERP", "hw-3");
        // A refused file names no company: only a proven file is that company's.
        assertLine(lines.get(5), "error", "signature_mismatch", null, "PERP", "hw-2");
        assertLine(lines.get(6), "error", "license_not_found", company.code, "NOPE", "hw-1");
        assertLine(lines.get(7), "error", "invalid_api_key", null, "PERP", "hw-2");
        assertLine(lines.get(8), "error", "authorization_missing_params", null, null, null);
        assertLine(lines.get(9), "error", "missing_parameters", null, null, null);
        assertLine(lines.get(10), "error", "validation_error", null, "PERP", "hw-3");
        assertThat(lines.get(0).get("request_id").asText()).isNotBlank();
        assertThat(lines.get(0).get("status").asInt()).isEqualTo(200);
        assertThat(lines.get(5).get("status").asInt()).isEqualTo(400);

        assertThat(company.deviceActive("PERP", "hw-1")).isFalse();
        assertThat(company.deviceActive("PERP", "hw-2")).isTrue();
        assertThat(company.totalConsumptions("CONS")).isEqualTo(2);
        assertThat(company.count("deactivation_events")).isEqualTo(2);
        assertThat(other.count("deactivation_events")).isEqualTo(2);
    }

    @Test
    void aFileUploadedInThePortalAndPostedByTheSdkIsOneDeactivation() throws Exception {
        TestCompany company = TestCompany.create(false, 3);
        String portalFirst = company.file("PERP", "hw-1").file();
        String sdkFirst = company.file("PERP", "hw-2").file();
        assertThat(Http.send(Http.post(SINGLE, company.headers(), "text/plain", sdkFirst)).statusCode()).isEqualTo(200);

        List<JsonNode> lines = lines(Http.send(Http.post(PATH, OPERATOR, "application/x-ndjson",
                ndjson(Map.of("portal-first.req", portalFirst)) + ndjson(Map.of("sdk-first.req", sdkFirst)))).body());
        assertLine(lines.get(0), "deactivated", null, company.code, "PERP", "hw-1");
        assertLine(lines.get(1), "already_applied", null, company.code, "PERP", "hw-2");
        HttpResponse<String> sdkAfter = Http.send(Http.post(SINGLE, company.headers(), "text/plain", portalFirst));
        assertThat(sdkAfter.statusCode()).isEqualTo(200);
        assertThat(sdkAfter.body()).isEqualTo("license_deactivated");

        assertThat(company.count("deactivation_requests")).isEqualTo(2);
        assertThat(company.count("deactivation_events")).isEqualTo(2);
        assertThat(company.timesActivated("PERP")).isEqualTo(1);
    }

    @Test
    void aPortalUploadRacingSdkUploadsOfTheSameFilesAppliesEachOnce() throws Exception {
        TestCompany company = TestCompany.create(false, 200);
        company.one("WITH l AS (UPDATE licenses SET max_consumptions = 1000 WHERE company_id = ? RETURNING 1) "
                + "SELECT count(*) FROM l");
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 1; i <= 200; i++) {
            files.put("unit-" + i + ".req", company.file("CONS", "hw-" + i).consumptions(1).file());
        }
        java.util.concurrent.CompletableFuture<HttpResponse<String>> portal = Http.sendAsync(
                Http.post(PATH, OPERATOR, "application/x-ndjson", ndjson(files)));
        Map<String, java.util.concurrent.CompletableFuture<HttpResponse<String>>> sdk = new LinkedHashMap<>();
        List<String> contents = new ArrayList<>(files.values());
        for (int i = contents.size() - 1; i >= 0; i -= 2) {
            sdk.put(contents.get(i), Http.sendAsync(Http.post(SINGLE, company.headers(), "text/plain", contents.get(i))));
        }
        List<JsonNode> lines = lines(portal.join().body());
        assertThat(lines).hasSize(200).allSatisfy(l -> assertThat(l.get("status").asInt()).as("%s", l).isEqualTo(200));
        sdk.forEach((file, answer) -> {
            // A 503 (the deadline passed on a busy machine) tells the SDK to retry, as it does.
            HttpResponse<String> response = answer.join();
            for (int attempt = 0; response.statusCode() == 503 && attempt < 10; attempt++) {
                response = Http.send(Http.post(SINGLE, company.headers(), "text/plain", file));
            }
            assertThat(response.statusCode()).isEqualTo(200);
        });

        assertThat(company.count("deactivation_requests")).isEqualTo(200);
        assertThat(company.count("deactivation_events")).isEqualTo(200);
        assertThat(company.totalConsumptions("CONS")).isEqualTo(200);
        assertThat(company.timesActivated("CONS")).isZero();
    }

    @Test
    void multipartFilePartsKeepTheirFileNames() throws Exception {
        TestCompany company = TestCompany.create(false, 3);
        String body = given().headers(OPERATOR)
                .multiPart("file", "plant-7/a.req", company.file("PERP", "hw-1").file().getBytes(StandardCharsets.US_ASCII))
                .multiPart("file", "plant-7/b.req", company.file("PERP", "hw-9").file().getBytes(StandardCharsets.US_ASCII))
                .when().post(PATH).then().statusCode(200).extract().asString();
        List<JsonNode> lines = lines(body);
        assertThat(lines).extracting(l -> l.get("name").asText()).containsExactly("plant-7/a.req", "plant-7/b.req");
        assertLine(lines.get(0), "deactivated", null, company.code, "PERP", "hw-1");
        assertLine(lines.get(1), "error", "device_not_found", company.code, "PERP", "hw-9");
    }

    @Test
    void withoutTheOperatorCredentialNothingIsRead() {
        TestCompany company = TestCompany.create(false, 3);
        String file = ndjson(Map.of("a.req", company.file("PERP", "hw-1").file()));
        // The License API's own credentials are no operator credential.
        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Authorization", "Bearer wrong"),
                company.headers())) {
            HttpResponse<String> response = Http.send(Http.post(PATH, headers, "application/x-ndjson", file));
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(response.body()).contains("\"code\":\"unauthorized\"");
        }
        assertThat(company.deviceActive("PERP", "hw-1")).isTrue();
    }

    @Test
    void aLineThatIsNoNamedFileIsOneFailedFileInItsPlace() throws Exception {
        TestCompany company = TestCompany.create(false, 3);
        String body = "{\"nope\": 1}\n" + ndjson(Map.of("ok.req", company.file("PERP", "hw-1").file())) + "[1,2]\n";
        List<JsonNode> lines = lines(Http.send(Http.post(PATH, OPERATOR, "application/x-ndjson", body)).body());
        assertThat(lines).hasSize(3);
        assertLine(lines.get(0), "error", "validation_error", null, null, null);
        assertLine(lines.get(1), "deactivated", null, company.code, "PERP", "hw-1");
        assertLine(lines.get(2), "error", "validation_error", null, null, null);
        HttpResponse<String> empty = Http.send(Http.post(PATH, OPERATOR, "application/x-ndjson", "\n"));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.body()).contains("missing_parameters");
    }

    @Test
    void theOperatorEndpointSaysWhoTheCredentialSignsInAs() {
        given().auth().oauth2(TestCompany.ADMIN_TOKEN).when().get("/admin/v1/operator").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("admin"))
                .body("credential", org.hamcrest.Matchers.equalTo("admin-token"));
        given().auth().oauth2("wrong").when().get("/admin/v1/operator").then().statusCode(401);
    }

    static String ndjson(Map<String, String> files) {
        StringBuilder body = new StringBuilder();
        files.forEach((name, content) -> {
            try {
                body.append(JSON.writeValueAsString(Map.of("name", name, "content", content))).append('\n');
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return body.toString();
    }

    static List<JsonNode> lines(String body) throws java.io.IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        lines.sort(java.util.Comparator.comparingInt(l -> l.get("index").asInt()));
        return lines;
    }

    static void assertLine(JsonNode line, String outcome, String code, String company, String license, String hardwareId) {
        assertThat(line.get("outcome").asText()).as("%s", line).isEqualTo(outcome);
        assertThat(line.path("code").isMissingNode() ? null : line.get("code").asText()).as("%s", line).isEqualTo(code);
        assertThat(text(line, "company")).as("%s", line).isEqualTo(company);
        assertThat(text(line, "license")).as("%s", line).isEqualTo(license);
        assertThat(text(line, "hardware_id")).as("%s", line).isEqualTo(hardwareId);
    }

    static String text(JsonNode line, String field) {
        JsonNode value = line.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
