package dev.licensegateway.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.Management;
import dev.licensegateway.testing.TestCompany;
import dev.licensegateway.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * In-process resilience: the request pool reaches PostgreSQL through a {@link TcpProxy} that the test cuts.
 * While the database is away readiness is DOWN and uploads get 503 {@code service_unavailable} with
 * Retry-After inside the deadline, writing nothing; when it returns the gateway recovers by itself. A pool
 * of one connection held busy answers 503 too, instead of hanging.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.BehindProxy.class)
class DatabaseOutageTest {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    static final String PATH = "/api/v4/deactivate_offline";
    static final Duration DEADLINE = Duration.ofSeconds(2);
    static TcpProxy proxy;

    /** A pool of one connection, through the proxy, and a short deadline. */
    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.max-size", "1",
                    "gateway.request.deadline", DEADLINE.toSeconds() + "S");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ProxyResource.class));
        }
    }

    /** Starts the proxy in front of the test database and points the request pool at it. */
    public static class ProxyResource implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            TestDatabase database = TestDatabase.get();
            URI uri = URI.create(database.jdbcUrl().substring("jdbc:".length()));
            try {
                proxy = new TcpProxy(uri.getPort());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Map<String, String> config = new java.util.HashMap<>(database.quarkusConfig());
            config.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + proxy.port() + uri.getPath());
            return config;
        }

        @Override
        public void stop() {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    @Inject
    Pool pool;

    @AfterEach
    void restore() {
        proxy.restore();
    }

    @Test
    void whileTheDatabaseIsAwayReadinessStaysUpAndUploadsGetOur503ThenItRecoversByItself() {
        TestCompany company = TestCompany.create();
        Management.given(management).when().get("/q/health/ready").then().statusCode(200);
        String before = company.snapshot();

        String file = company.file("PERP", "hw-1").file();
        proxy.cut();
        long start = System.nanoTime();
        HttpResponse<String> during = upload(company, file);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(during.statusCode()).isEqualTo(503);
        assertThat(during.body()).contains("\"code\":\"service_unavailable\"");
        assertThat(during.headers().firstValue("Retry-After")).isPresent();
        assertThat(elapsedMs).as("answered within the deadline (plus scheduling slack)")
                .isLessThan(DEADLINE.toMillis() + 1_500);
        // The outage is reported by the database's own check and gauge; the replica stays in the Service, so
        // clients keep getting this 503 with Retry-After rather than the ingress's bare one.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                Management.given(management).when().get("/q/health/group/database").statusCode() == 503);
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                Management.given(management).when().get("/q/metrics").asString().contains("gateway_database_up 0.0"));
        Management.given(management).when().get("/q/health/ready").then().statusCode(200);
        assertThat(company.snapshot()).isEqualTo(before);

        proxy.restore();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() ->
                Management.given(management).when().get("/q/health/group/database").statusCode() == 200);
        // The client retries with the same file, as the SDK's users do.
        assertThat(upload(company, file).statusCode()).isEqualTo(200);
        assertThat(company.deviceActive("PERP", "hw-1")).isFalse();
    }

    @Test
    void anExhaustedPoolAnswers503InsteadOfHanging() {
        TestCompany company = TestCompany.create();
        assertThat(upload(company, company.file("PERP", "hw-1").file()).statusCode()).isEqualTo(200);
        // The pool's only connection is held for longer than the deadline.
        pool.query("SELECT pg_sleep(" + (DEADLINE.toSeconds() + 3) + ")").execute().subscribe().with(ignored -> { }, ignored -> { });
        Awaitility.await().pollDelay(Duration.ofMillis(200)).until(() -> true);

        String file = company.file("PERP", "hw-2").file();
        long start = System.nanoTime();
        HttpResponse<String> busy = upload(company, file);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("Retry-After")).isPresent();
        assertThat(elapsedMs).isLessThan(DEADLINE.toMillis() + 1_500);
        // A saturated pool does not take the replica out of the Service.
        Management.given(management).when().get("/q/health/ready").then().statusCode(200);

        // Retried with the same file: applied once, whether or not the first attempt went through later.
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> upload(company, file).statusCode() == 200);
        assertThat(company.count("deactivation_events")).isEqualTo(2);
    }

    private static HttpResponse<String> upload(TestCompany company, String file) {
        return Http.send(Http.post(PATH, company.headers(), "text/plain", file));
    }
}
