package dev.licensegateway.batch;

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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The fleet batch: each file judged as the single endpoint would, results streamed as NDJSON. */
@QuarkusTest
class BatchDeactivationTest {

    static final String BATCH = "/api/v4/deactivate_offline/batch";
    static final String SINGLE = "/api/v4/deactivate_offline";
    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter IMF =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    @Test
    void aMixedBatchAnswersEachFileOnItsOwn() throws Exception {
        TestCompany company = TestCompany.create(false, 10);
        assertThat(Http.send(Http.post(SINGLE, company.headers(), "text/plain", company.file("PERP", "hw-3").file()))
                .statusCode()).isEqualTo(200);
        String valid1 = company.file("CONS", "hw-1").consumptions(2).feature("render-minutes", 1).file();
        String valid2 = company.file("CONS", "hw-2").consumptions(3).feature("render-minutes", 1).feature("render-minutes", 1).file();
        List<String> lines = List.of(
                valid1,                                                           // 0 applied
                valid2,                                                           // 1 applied
                valid1,                                                           // 2 same file again: replay
                company.file("PERP", "hw-3").with("date", IMF.format(Instant.now().minusSeconds(60))).file(), // 3 device gone
                SdkRequestFile.keyBased("wrong-key", company.apiKey, "studio", "PERP", "hw-1").file(), // 4 bad signature
                company.file("NOPE", "hw-1").file(),                              // 5 unknown license
                "this is not base64!",                                            // 6 garbage
                "A".repeat(70 * 1024),                                            // 7 oversized line
                company.file("CONS", "hw-3").consumptions(200).file(),            // 8 over the limit
                "\"" + company.file("PERP", "hw-1").file().trim() + "\"");        // 9 as a JSON string
        HttpResponse<String> response = Http.send(Http.post(BATCH, company.headers(), "application/x-ndjson",
                String.join("\n", lines) + "\n"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        Map<Integer, JsonNode> byIndex = results(response.body());
        assertThat(byIndex).hasSize(lines.size());
        assertResult(byIndex.get(0), 200, null);
        assertResult(byIndex.get(1), 200, null);
        assertResult(byIndex.get(2), 200, null);
        assertResult(byIndex.get(3), 400, "device_not_found");
        assertResult(byIndex.get(4), 400, "signature_mismatch");
        assertResult(byIndex.get(5), 400, "license_not_found");
        assertResult(byIndex.get(6), 400, "authorization_missing_params");
        assertResult(byIndex.get(7), 413, "payload_too_large");
        assertResult(byIndex.get(8), 400, "license_not_enough_consumptions");
        assertResult(byIndex.get(9), 200, null);
        assertThat(byIndex.get(6).has("request_id")).isFalse();
        assertThat(byIndex.get(5).get("request_id").asText()).isNotBlank();

        assertThat(company.totalConsumptions("CONS")).isEqualTo(5);
        assertThat(company.featureTotal("CONS", "render-minutes")).isEqualTo(3);
        assertThat(company.timesActivated("CONS")).isEqualTo(8);
        assertThat(company.deviceActive("CONS", "hw-3")).isTrue();
        assertThat(company.deviceActive("PERP", "hw-1")).isFalse();
        assertThat(company.count("deactivation_requests")).isEqualTo(4);
        assertThat(company.count("deactivation_events")).isEqualTo(4);
    }

    @Test
    void multipartWithManyFilePartsIsABatchToo() throws Exception {
        TestCompany company = TestCompany.create(false, 3);
        String body = given().headers(company.headers())
                .multiPart("file", "a.req", company.file("PERP", "hw-1").file().getBytes(StandardCharsets.US_ASCII))
                .multiPart("file", "b.req", company.file("PERP", "hw-2").file().getBytes(StandardCharsets.US_ASCII))
                .multiPart("file", "c.req", company.file("PERP", "hw-9").file().getBytes(StandardCharsets.US_ASCII))
                .when().post(BATCH).then().statusCode(200).extract().asString();
        Map<Integer, JsonNode> byIndex = results(body);
        assertResult(byIndex.get(0), 200, null);
        assertResult(byIndex.get(1), 200, null);
        assertResult(byIndex.get(2), 400, "device_not_found");
        assertThat(company.timesActivated("PERP")).isEqualTo(1);
    }

    @Test
    void aMultipartBatchWithItsMediaTypeInMixedCaseIsABatchToo() throws Exception {
        TestCompany company = TestCompany.create(false, 3);
        String boundary = "MixedCaseBoundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.req\"\r\n\r\n"
                + company.file("PERP", "hw-1").file() + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"b.req\"\r\n\r\n"
                + company.file("PERP", "hw-9").file() + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> response = Http.send(Http.post(BATCH, company.headers(),
                "Multipart/Form-Data; BOUNDARY=" + boundary, body));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<Integer, JsonNode> byIndex = results(response.body());
        assertResult(byIndex.get(0), 200, null);
        assertResult(byIndex.get(1), 400, "device_not_found");
    }

    @Test
    void aBatchRacingSingleUploadsOfTheSameFilesAppliesEachOnce() throws Exception {
        TestCompany company = TestCompany.create(false, 200);
        List<String> files = IntStream.rangeClosed(1, 200)
                .mapToObj(i -> company.file("CONS", "hw-" + i).consumptions(1).feature("render-minutes", i % 2).file())
                .toList();
        company.one("WITH f AS (UPDATE license_features SET max_consumptions = 1000 WHERE company_id = ? RETURNING 1), "
                + "l AS (UPDATE licenses SET max_consumptions = 1000 WHERE company_id = ? RETURNING 1) SELECT count(*) FROM f",
                company.code);
        CompletableFuture<HttpResponse<String>> batch = Http.sendAsync(
                Http.post(BATCH, company.headers(), "application/x-ndjson", String.join("", files)));
        List<CompletableFuture<HttpResponse<String>>> singles = new ArrayList<>();
        for (int i = files.size() - 1; i >= 0; i -= 2) {
            singles.add(Http.sendAsync(Http.post(SINGLE, company.headers(), "text/plain", files.get(i))));
        }
        Map<Integer, JsonNode> byIndex = results(batch.join().body());
        assertThat(byIndex.values()).allSatisfy(r -> assertThat(r.get("status").asInt()).isEqualTo(200));
        assertThat(singles).allSatisfy(s -> assertThat(s.join().statusCode()).isEqualTo(200));

        assertThat(company.count("deactivation_requests")).isEqualTo(200);
        assertThat(company.count("deactivation_events")).isEqualTo(200);
        assertThat(company.totalConsumptions("CONS")).isEqualTo(200);
        assertThat(company.featureTotal("CONS", "render-minutes")).isEqualTo(100);
        assertThat(company.timesActivated("CONS")).isZero();
    }

    @Test
    void tenThousandFilesCompleteInOneBatch() throws Exception {
        int n = 10_000;
        TestCompany company = TestCompany.create(false, n);
        Instant now = Instant.now();
        StringBuilder body = new StringBuilder(n * 700);
        for (int i = 1; i <= n; i++) {
            body.append(company.file("CONS", "hw-" + i).with("date", IMF.format(now)).file());
        }
        HttpResponse<String> response = Http.send(Http.post(BATCH, company.headers(), "application/x-ndjson", body.toString()));
        assertThat(response.statusCode()).isEqualTo(200);
        Map<Integer, JsonNode> byIndex = results(response.body());
        assertThat(byIndex).hasSize(n);
        Map<Integer, Long> byStatus = byIndex.values().stream()
                .collect(Collectors.groupingBy(r -> r.get("status").asInt(), Collectors.counting()));
        assertThat(byStatus).containsExactly(Map.entry(200, (long) n));
        assertThat(company.count("deactivation_requests")).isEqualTo(n);
        assertThat(company.timesActivated("CONS")).isZero();
    }

    @Test
    void aBatchOverTheItemLimitEndsWithA413LineAfterTheFilesItAnswered() throws Exception {
        // The body is streamed in chunks (issue 13), so the count is known only as it is read: the files up to
        // the limit are answered truthfully, then one last line without index says why the rest was not read.
        TestCompany company = TestCompany.create(false, 1);
        String oneFile = company.file("PERP", "hw-1").file();
        String body = (oneFile.trim() + "\n").repeat(10_001);
        HttpResponse<String> response = Http.send(Http.post(BATCH, company.headers(), "application/x-ndjson", body));
        assertThat(response.statusCode()).isEqualTo(200);
        String[] lines = response.body().split("\n");
        assertThat(lines).hasSize(10_001);
        assertThat(results(String.join("\n", java.util.Arrays.copyOf(lines, 10_000)))).hasSize(10_000)
                .allSatisfy((index, line) -> assertThat(line.get("status").asInt()).isEqualTo(200));
        JsonNode last = JSON.readTree(lines[10_000]);
        assertThat(last.has("index")).isFalse();
        assertThat(last.get("code").asText()).isEqualTo("payload_too_large");
        assertThat(company.count("deactivation_requests")).isEqualTo(1);
    }

    @Test
    void aBatchWithBadHeadersIsRefusedWhole() {
        TestCompany company = TestCompany.create(false, 1);
        HttpResponse<String> response = Http.send(Http.post(BATCH, Map.of("Date", "now"), "application/x-ndjson",
                company.file("PERP", "hw-1").file()));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"missing_headers\"");
    }

    private static Map<Integer, JsonNode> results(String ndjson) throws Exception {
        Map<Integer, JsonNode> byIndex = new java.util.TreeMap<>();
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank()) {
                JsonNode node = JSON.readTree(line);
                assertThat(byIndex.put(node.get("index").asInt(), node)).as("one line per index").isNull();
            }
        }
        return byIndex;
    }

    private static void assertResult(JsonNode result, int status, String code) {
        assertThat(result.get("status").asInt()).as(result.toString()).isEqualTo(status);
        if (code == null) {
            assertThat(result.get("result").asText()).isEqualTo("license_deactivated");
        } else {
            assertThat(result.get("code").asText()).as(result.toString()).isEqualTo(code);
            assertThat(result.get("message").asText()).isNotBlank();
        }
    }
}
