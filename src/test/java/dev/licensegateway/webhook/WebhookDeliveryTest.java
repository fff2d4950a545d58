package dev.licensegateway.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.TestCompany;
import dev.licensegateway.testing.TestDatabase;
import dev.licensegateway.testing.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Deactivation events reach the company's webhook endpoint, signed, at least once and re-drivable. */
@QuarkusTest
class WebhookDeliveryTest {

    static final String SECRET = "whsec-test-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyDeactivationSingleAndBatchIsDeliveredSignedWithAStableEventId() throws Exception {
        TestCompany company = TestCompany.create();
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            addEndpoint(company, receiver.url(), SECRET);
            deactivateSingle(company, "PERP", "hw-1");
            deactivateSingle(company, "PERP", "hw-2");
            HttpResponse<String> batch = Http.send(Http.post("/api/v4/deactivate_offline/batch", company.headers(),
                    "application/x-ndjson", company.file("CONS", "hw-1").file() + company.file("CONS", "hw-2").file()));
            assertThat(batch.body()).contains("license_deactivated").doesNotContain("\"code\"");

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.acceptedCounts().size() == 4);
            assertThat(receiver.received()).allMatch(WebhookReceiver.Received::verified);
            Set<String> hardware = new HashSet<>();
            for (WebhookReceiver.Received r : receiver.received()) {
                JsonNode event = JSON.readTree(r.body());
                assertThat(event.get("id").asText()).isEqualTo(r.eventId());
                assertThat(event.get("type").asText()).isEqualTo("license.device_deactivated");
                assertThat(event.get("company").asText()).isEqualTo(company.code);
                hardware.add(event.at("/data/license_key").asText() + "/" + event.at("/data/hardware_id").asText());
            }
            assertThat(hardware).containsExactlyInAnyOrder("PERP/hw-1", "PERP/hw-2", "CONS/hw-1", "CONS/hw-2");
            assertThat(company.count("deactivation_events")).isEqualTo(4);

            // The receiver has answered, but the dispatcher marks a row delivered only after it read that answer.
            await().atMost(Duration.ofSeconds(10)).until(() -> "4".equals(company.one(
                    "SELECT count(*) FROM webhook_outbox WHERE company_id = ? AND state = 'delivered'")));
            JsonPath deliveries = admin().get("/admin/v1/companies/{c}/webhooks/deliveries", company.code)
                    .then().statusCode(200).extract().jsonPath();
            assertThat(deliveries.getList("deliveries.state")).containsOnly("delivered").hasSize(4);
            assertThat(deliveries.getList("deliveries.event_id", String.class))
                    .containsExactlyInAnyOrderElementsOf(receiver.acceptedCounts().keySet());
        }
    }

    @Test
    void aReceiverFailingThreeTimesGetsEveryEventExactlyOnceByEventId() throws Exception {
        TestCompany company = TestCompany.create();
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET).failFirst(3)) {
            addEndpoint(company, receiver.url(), SECRET);
            for (int i = 1; i <= 5; i++) {
                deactivateSingle(company, "CONS", "hw-" + i);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.acceptedCounts().size() == 5);
            await().atMost(Duration.ofSeconds(10)).until(() -> "5".equals(company.one(
                    "SELECT count(*) FROM webhook_outbox WHERE company_id = ? AND state = 'delivered'")));

            assertThat(receiver.acceptedCounts().values()).containsOnly(1);
            assertThat(receiver.received().stream().filter(r -> r.status() == 500)).hasSize(3);
            assertThat(Long.parseLong(company.one(
                    "SELECT sum(attempts) FROM webhook_outbox WHERE company_id = ?"))).isEqualTo(5 + 3);
            assertThat(company.one("SELECT string_agg(DISTINCT last_status::text, ',') FROM webhook_outbox WHERE company_id = ?"))
                    .isEqualTo("200");
        }
    }

    @Test
    void deliveriesAreRedrivenOneByOneOrAllFailedAtOnce() throws Exception {
        TestCompany company = TestCompany.create();
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            addEndpoint(company, receiver.url(), SECRET);
            deactivateSingle(company, "PERP", "hw-1");
            deactivateSingle(company, "PERP", "hw-2");
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.acceptedCounts().size() == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(company.one(
                    "SELECT count(*) FROM webhook_outbox WHERE company_id = ? AND state = 'delivered'")));
            List<Integer> ids = admin().get("/admin/v1/companies/{c}/webhooks/deliveries", company.code)
                    .then().statusCode(200).extract().jsonPath().getList("deliveries.delivery_id", Integer.class);

            // One delivered event sent again on request: the receiver sees the same event id a second time.
            admin().post("/admin/v1/companies/{c}/webhooks/deliveries/{d}/retry", company.code, ids.get(0))
                    .then().statusCode(200).body("state", org.hamcrest.Matchers.equalTo("pending"));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 3);

            // A delivery that ran out of attempts, re-driven with every other failed one.
            execute("UPDATE webhook_outbox SET state = 'failed', attempts = 15 WHERE delivery_id = " + ids.get(1));
            admin().get("/admin/v1/companies/{c}/webhooks/deliveries?state=failed", company.code).then()
                    .statusCode(200).body("deliveries.delivery_id", org.hamcrest.Matchers.contains(ids.get(1)));
            admin().post("/admin/v1/companies/{c}/webhooks/deliveries/retry-failed", company.code)
                    .then().statusCode(200).body("deliveries", org.hamcrest.Matchers.equalTo(1));
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.received().size() == 4);
            await().atMost(Duration.ofSeconds(10)).until(() -> "2".equals(company.one(
                    "SELECT count(*) FROM webhook_outbox WHERE company_id = ? AND state = 'delivered'")));
            Map<String, Long> perEvent = receiver.received().stream()
                    .collect(Collectors.groupingBy(WebhookReceiver.Received::eventId, Collectors.counting()));
            assertThat(perEvent.values()).containsOnly(2L);
        }
    }

    @Test
    void endpointsAreManagedWithoutEverShowingTheSecret() {
        TestCompany company = TestCompany.create();
        String generated = admin().contentType(ContentType.JSON).body("{\"url\": \"https://hooks.example/acme\"}")
                .post("/admin/v1/companies/{c}/webhooks", company.code)
                .then().statusCode(201).extract().path("secret");
        assertThat(generated).hasSize(43);
        int id = admin().get("/admin/v1/companies/{c}/webhooks", company.code).then().statusCode(200)
                .body("[0].secret", org.hamcrest.Matchers.nullValue())
                .body("[0].url", org.hamcrest.Matchers.equalTo("https://hooks.example/acme"))
                .extract().path("[0].endpoint_id");
        admin().contentType(ContentType.JSON).body("{\"enabled\": false, \"secret\": \"another-secret-0123456\"}")
                .patch("/admin/v1/companies/{c}/webhooks/{id}", company.code, id)
                .then().statusCode(200).body("enabled", org.hamcrest.Matchers.equalTo(false))
                .body("secret", org.hamcrest.Matchers.nullValue());
        admin().contentType(ContentType.JSON).body("{\"url\": \"ftp://hooks.example\"}")
                .post("/admin/v1/companies/{c}/webhooks", company.code)
                .then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("validation_error"))
                .body("message", org.hamcrest.Matchers.startsWith("url: "));
        admin().contentType(ContentType.JSON).body("{\"url\": \"https://x.example\", \"colour\": 1}")
                .post("/admin/v1/companies/{c}/webhooks", company.code)
                .then().statusCode(400).body("message", org.hamcrest.Matchers.equalTo("colour: unknown field"));
        admin().delete("/admin/v1/companies/{c}/webhooks/{id}", company.code, id).then().statusCode(204);
        admin().delete("/admin/v1/companies/{c}/webhooks/{id}", company.code, id).then().statusCode(404);

        String audit = company.one("SELECT string_agg(action || ' ' || coalesce(before::text, '-') || ' ' "
                + "|| coalesce(after::text, '-'), ' | ' ORDER BY audit_id) FROM admin_audit WHERE company_id = ?");
        assertThat(audit).contains("create", "update", "delete", "\"secret\": \"changed\"")
                .doesNotContain(generated).doesNotContain("another-secret-0123456");
        // Nothing deactivated while the endpoint was disabled or after it was removed is queued.
        deactivateSingle(company, "PERP", "hw-3");
        assertThat(company.count("webhook_outbox")).isZero();
    }

    static void addEndpoint(TestCompany company, String url, String secret) {
        admin().contentType(ContentType.JSON)
                .body(Map.of("url", url, "secret", secret))
                .post("/admin/v1/companies/{c}/webhooks", company.code)
                .then().statusCode(201);
    }

    static void deactivateSingle(TestCompany company, String license, String hardwareId) {
        HttpResponse<String> response = Http.send(Http.post("/api/v4/deactivate_offline", company.headers(),
                "text/plain", company.file(license, hardwareId).file()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    static void execute(String sql) throws java.sql.SQLException {
        try (java.sql.Connection connection = TestDatabase.get().connect();
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static io.restassured.specification.RequestSpecification admin() {
        return given().auth().oauth2(TestCompany.ADMIN_TOKEN);
    }
}
