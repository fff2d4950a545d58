package dev.licensegateway.webhook;

import static dev.licensegateway.webhook.WebhookDeliveryTest.addEndpoint;
import static dev.licensegateway.webhook.WebhookDeliveryTest.deactivateSingle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.licensegateway.crypto.SecretCipher;
import dev.licensegateway.testing.TestCompany;
import dev.licensegateway.testing.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dispatchers sharing one outbox, started by the test (the gateway's own is off in this profile): two at once
 * never hold one event at the same time and deliver each once; one killed mid-delivery loses nothing, its
 * deliveries go out after a restart once their lease runs out.
 */
@QuarkusTest
@TestProfile(WebhookDispatchersTest.NoBuiltInDispatcher.class)
class WebhookDispatchersTest {

    public static class NoBuiltInDispatcher implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.webhooks.dispatcher-enabled", "false");
        }
    }

    @Inject
    Vertx vertx;
    @Inject
    Pool pool;
    @Inject
    SecretCipher cipher;
    @Inject
    WebhookSettings settings;

    @Test
    void twoDispatchersDeliverEveryEventOnceAndNeverTheSameOneAtOnce() throws Exception {
        TestCompany company = TestCompany.create(false, 30);
        try (WebhookReceiver receiver = new WebhookReceiver(WebhookDeliveryTest.SECRET).delay(50)) {
            addEndpoint(company, receiver.url(), WebhookDeliveryTest.SECRET);
            for (int i = 1; i <= 30; i++) {
                deactivateSingle(company, "CONS", "hw-" + i);
            }
            WebhookDispatcher a = dispatcher("replica-a", 4);
            WebhookDispatcher b = dispatcher("replica-b", 4);
            a.start();
            b.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> "30".equals(company.one(
                        "SELECT count(*) FROM webhook_outbox WHERE company_id = ? AND state = 'delivered'")));
            } finally {
                a.stop();
                b.stop();
            }
            String owners = company.one("SELECT string_agg(lease_owner || '=' || n, ' ') FROM (SELECT lease_owner, "
                    + "count(*) n FROM webhook_outbox WHERE company_id = ? GROUP BY 1 ORDER BY 1) x");
            System.out.printf("%n[webhooks] deliveries per dispatcher: %s; requests %d%n%n", owners,
                    receiver.received().size());
            assertThat(owners).contains("replica-a=", "replica-b=");
            assertThat(receiver.acceptedCounts()).hasSize(30);
            assertThat(receiver.acceptedCounts().values()).containsOnly(1);
            assertThat(receiver.received()).hasSize(30);
            assertThat(receiver.maxConcurrentPerEvent()).isEqualTo(1);
        }
    }

    @Test
    void aDispatcherKilledMidDeliveryLosesNothingAfterRestart() throws Exception {
        TestCompany company = TestCompany.create();
        try (WebhookReceiver receiver = new WebhookReceiver(WebhookDeliveryTest.SECRET).holdRequests()) {
            addEndpoint(company, receiver.url(), WebhookDeliveryTest.SECRET);
            for (int i = 1; i <= 3; i++) {
                deactivateSingle(company, "PERP", "hw-" + i);
            }
            WebhookDispatcher first = dispatcher("before-restart", 16);
            first.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.held() == 3);
            first.stop();
            receiver.releaseHeldAsFailures();
            assertThat(company.one("SELECT string_agg(DISTINCT state || '/' || lease_owner, ',') FROM webhook_outbox "
                    + "WHERE company_id = ?")).isEqualTo("pending/before-restart");

            WebhookDispatcher restarted = dispatcher("after-restart", 16);
            restarted.start();
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.acceptedCounts().size() == 3);
                await().atMost(Duration.ofSeconds(10)).until(() -> "3".equals(company.one(
                        "SELECT count(*) FROM webhook_outbox WHERE company_id = ? AND state = 'delivered'")));
            } finally {
                restarted.stop();
            }
            assertThat(receiver.acceptedCounts().values()).containsOnly(1);
            assertThat(company.one("SELECT string_agg(DISTINCT lease_owner || ' attempts=' || attempts, ',') "
                    + "FROM webhook_outbox WHERE company_id = ?")).isEqualTo("after-restart attempts=2");
        }
    }

    private WebhookDispatcher dispatcher(String name, int maxInFlight) {
        WebhookSettings limited = new WebhookSettings() {
            @Override public boolean dispatcherEnabled() { return true; }
            @Override public Duration pollInterval() { return settings.pollInterval(); }
            @Override public int maxInFlight() { return maxInFlight; }
            @Override public Duration requestTimeout() { return settings.requestTimeout(); }
            @Override public Duration lease() { return settings.lease(); }
            @Override public Duration initialBackoff() { return settings.initialBackoff(); }
            @Override public Duration maxBackoff() { return settings.maxBackoff(); }
            @Override public int maxAttempts() { return settings.maxAttempts(); }
        };
        return new WebhookDispatcher(vertx, new OutboxStore(pool, name), cipher, limited);
    }
}
