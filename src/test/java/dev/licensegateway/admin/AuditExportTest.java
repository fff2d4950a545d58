package dev.licensegateway.admin;

import static dev.licensegateway.admin.AdminTestData.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.licensegateway.admin.service.Retention;
import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.TestCompany;
import dev.licensegateway.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit trail read in keyset pages and exported as a stream (NDJSON, CSV), and its retention. */
@QuarkusTest
class AuditExportTest {

    @Inject
    Retention retention;

    @Test
    void keysetPagesWalkEveryEventOnceInOrder() {
        TestCompany company = TestCompany.create();
        for (int i = 1; i <= 5; i++) {
            deactivate(company, "hw-" + i);
        }
        List<Long> seen = new ArrayList<>();
        String cursor = "0";
        int pages = 0;
        while (cursor != null) {
            JsonPath page = admin().get("/admin/v1/companies/{c}/deactivations?limit=2&after=" + cursor, company.code)
                    .then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("events.event_id", Long.class));
            cursor = page.getString("next_cursor");
            pages++;
        }
        assertThat(seen).hasSize(5).isSorted().doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(3);
        admin().get("/admin/v1/companies/{c}/deactivations?after=abc", company.code).then().statusCode(400)
                .body("message", equalTo("after: must be a cursor returned as next_cursor"));
    }

    @Test
    void anExportStreamsATimeRangeAsNdjsonOrCsv() {
        TestCompany company = TestCompany.create();
        deactivate(company, "hw-1");
        String formula = "=cmd|' /C calc'!A0";
        admin().contentType("application/json").body(java.util.Map.of("hardware_id", formula))
                .post("/admin/v1/companies/{c}/licenses/CONS/devices", company.code).then().statusCode(200);
        deactivate(company, formula);
        String ndjson = admin().get("/admin/v1/companies/{c}/deactivations/export", company.code)
                .then().statusCode(200).contentType("application/x-ndjson").extract().asString();
        assertThat(ndjson.lines()).hasSize(2).allMatch(l -> l.startsWith("{\"company_id\":\"" + company.code + "\""));
        String csv = admin().get("/admin/v1/companies/{c}/deactivations/export?format=csv&from=2020-01-01T00:00:00Z",
                company.code).then().statusCode(200).contentType("text/csv").extract().asString();
        assertThat(csv.split("\r\n")).hasSize(3);
        assertThat(csv).startsWith("event_id,created_at,request_id,").contains(",hw-1,", ",'=cmd|' /C calc'!A0,");
        assertThat(admin().get("/admin/v1/companies/{c}/deactivations/export?to=2020-01-01T00:00:00Z", company.code)
                .then().statusCode(200).extract().asString()).isEmpty();
        admin().get("/admin/v1/companies/{c}/deactivations/export?format=xml", company.code).then().statusCode(400)
                .body("message", equalTo("format: must be ndjson or csv"));
        admin().get("/admin/v1/companies/{c}/deactivations/export?from=yesterday", company.code).then().statusCode(400);
        admin().get("/admin/v1/companies/no-such-company/deactivations/export").then().statusCode(404);
        io.restassured.RestAssured.get("/admin/v1/companies/{c}/deactivations/export", company.code).then().statusCode(401);
    }

    @Test
    void anExportOf200000EventsStreamsWithTheHeapStayingFlat() throws Exception {
        TestCompany company = TestCompany.create();
        int events = Integer.getInteger("export.events", 200_000);
        execute("INSERT INTO deactivation_events (company_id, request_id, license_id, device_id, hardware_id, principal, "
                + "schema_version, consumptions, feature_deltas, client_info, created_at) "
                + "SELECT '" + company.code + "', 'req-' || g, 1, g, 'hw-' || g, 'ak', 2, g % 7, '{\"render-minutes\": 1}', "
                + "'{\"hostname\": \"fleet-node\"}', now() - (g || ' milliseconds')::interval FROM generate_series(1, "
                + events + ") g");
        HttpRequest request = HttpRequest.newBuilder(Http.uri("/admin/v1/companies/" + company.code
                        + "/deactivations/export?format=ndjson"))
                .header("Authorization", "Bearer " + TestCompany.ADMIN_TOKEN).timeout(Duration.ofMinutes(10)).GET().build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long lines = 0;
        long started = System.nanoTime();
        System.out.printf("%n[export] heap used before: %,d KB%n", heapKb());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines++;
                if (lines % (events / 5) == 0) {
                    System.out.printf("[export] %,d rows streamed, heap used %,d KB%n", lines, heapKb());
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("[export] %,d rows in %.1f s (%,d rows/s); heap used after: %,d KB%n%n", lines, seconds,
                Math.round(lines / seconds), heapKb());
        assertThat(lines).isEqualTo(events);
    }

    @Test
    void retentionDeletesOldEventsAndDeliveredWebhooksButKeepsWhatIsStillDue() throws Exception {
        TestCompany company = TestCompany.create();
        deactivate(company, "hw-1");
        String c = "'" + company.code + "'";
        execute("INSERT INTO deactivation_events (company_id, request_id, license_id, device_id, hardware_id, principal, "
                + "schema_version, created_at) SELECT " + c + ", 'old-' || g, 1, g, 'hw', 'ak', 2, now() - interval '40 days' "
                + "FROM generate_series(1, 3) g");
        execute("INSERT INTO webhook_endpoints (company_id, url, secret_encrypted) VALUES (" + c + ", 'http://127.0.0.1:9/x', '\\x00')");
        execute("INSERT INTO webhook_outbox (company_id, event_id, endpoint_id, state, delivered_at, next_attempt_at) "
                + "SELECT e.company_id, e.event_id, w.endpoint_id, CASE WHEN e.request_id = 'old-1' THEN 'pending' ELSE 'delivered' END, "
                + "CASE WHEN e.request_id = 'old-1' THEN NULL ELSE now() - interval '40 days' END, now() + interval '1 day' "
                + "FROM deactivation_events e, webhook_endpoints w WHERE e.company_id = " + c + " AND w.company_id = " + c
                + " AND e.request_id LIKE 'old-%'");
        String requests = company.one("SELECT count(*) FROM deactivation_requests WHERE company_id = ?");

        Long deleted = retention.runOnce(Duration.ofDays(30), Duration.ofDays(7)).await().atMost(Duration.ofSeconds(60));
        assertThat(deleted).isGreaterThanOrEqualTo(4);
        assertThat(company.one("SELECT string_agg(request_id, ',' ORDER BY request_id) FROM deactivation_events "
                + "WHERE company_id = ? AND request_id LIKE 'old-%'")).isEqualTo("old-1");
        assertThat(company.one("SELECT string_agg(state, ',') FROM webhook_outbox WHERE company_id = ?")).isEqualTo("pending");
        assertThat(company.count("deactivation_events")).isEqualTo(2);
        assertThat(company.one("SELECT count(*) FROM deactivation_requests WHERE company_id = ?")).isEqualTo(requests);
    }

    private static long heapKb() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / 1024;
    }

    private static void deactivate(TestCompany company, String hardwareId) {
        HttpResponse<String> response = Http.send(Http.post("/api/v4/deactivate_offline", company.headers(), "text/plain",
                company.file("CONS", hardwareId).file()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = TestDatabase.get().connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
