package dev.licensegateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.licensegateway.testing.WebhookReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Webhook delivery by real gateway processes sharing one outbox. Two replicas take deactivations round-robin
 * and both dispatch at once: every event reaches the receiver, each accepted once by its event id, never two
 * requests for one event open together, and both replicas delivered some. Then the one replica left running is
 * SIGKILLed while the receiver holds its deliveries open; after a restart it delivers everything the dead
 * process held (once its lease ran out) and everything recorded while it was down to none.
 */
class WebhookReplicasIT {

    static final String SECRET = "whsec-replicas-it-0123456789";
    /** Short lease and backoff so the test waits seconds, not the production minute. */
    static final Map<String, String> FAST_WEBHOOKS = Map.of(
            "GATEWAY_WEBHOOKS_POLL_INTERVAL", "200MS",
            "GATEWAY_WEBHOOKS_MAX_IN_FLIGHT", "4",
            "GATEWAY_WEBHOOKS_REQUEST_TIMEOUT", "3S",
            "GATEWAY_WEBHOOKS_LEASE", "6S",
            "GATEWAY_WEBHOOKS_INITIAL_BACKOFF", "500MS");

    @Test
    void twoReplicasDeliverEachEventOnceAndAKilledOneResumesAfterRestart() throws Exception {
        Path bin = PostgresProcess.requireBinaries();
        Path jar = GatewayProcess.requirePackagedJar();
        int shared = Integer.getInteger("faults.webhooks.shared", 60);
        int whileKilled = Integer.getInteger("faults.webhooks.killed", 20);
        Path logs = Files.createDirectories(Path.of("target", "faults")).toAbsolutePath();
        FaultDataset dataset = new FaultDataset(shared + whileKilled + 10, System.nanoTime());
        StringBuilder out = new StringBuilder("=== webhooks from two gateway processes on one outbox\n");

        try (PostgresProcess pg = PostgresProcess.start(bin);
             WebhookReceiver receiver = new WebhookReceiver(SECRET).delay(30)) {
            GatewayProcess a = replica(jar, logs, pg, "replica-a");
            GatewayProcess b = replica(jar, logs, pg, "replica-b");
            try {
                ReplicasIT.startAll(List.of(a, b));
                AdminClient admin = new AdminClient(a);
                admin.importDataset(dataset);
                admin.addWebhook(dataset.company, receiver.url(), SECRET);
                LoadClients clients = new LoadClients(List.of(a, b), dataset, new History(), 1, 1, Duration.ofSeconds(30));

                // Both replicas take files and both dispatch.
                for (int i = 0; i < shared; i++) {
                    deactivate(clients, i % 2 == 0 ? a : b, dataset);
                }
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> pending(pg, dataset) == 0 && events(pg, dataset).size() == shared);
                Map<String, Long> owners = ownerCounts(pg, dataset);
                out.append("deliveries per dispatcher (lease owner): ").append(owners).append('\n');
                assertThat(owners.keySet()).anyMatch(o -> o.startsWith("replica-a-")).anyMatch(o -> o.startsWith("replica-b-"));
                assertEveryEventAcceptedOnce(receiver, events(pg, dataset));
                assertThat(receiver.maxConcurrentPerEvent()).as("requests open at once for one event").isEqualTo(1);

                // One replica left; it is SIGKILLed while its deliveries are open at the receiver.
                b.close();
                receiver.holdRequests();
                for (int i = 0; i < whileKilled; i++) {
                    deactivate(clients, a, dataset);
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.held() >= 4);
                long killedPid = a.pid();
                a.kill();
                int heldAtKill = receiver.held();
                receiver.releaseHeldAsFailures();
                long inFlightAtKill = count(pg, dataset, "state = 'pending' AND attempts > 0");
                out.append(String.format("SIGKILL of pid %d with %d deliveries open at the receiver, %d of %d new events "
                        + "claimed and undelivered%n", killedPid, heldAtKill, inFlightAtKill, whileKilled));
                assertThat(pending(pg, dataset)).as("undelivered events after the kill").isEqualTo(whileKilled);

                Duration restart = a.start();
                long resumedAt = System.nanoTime();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .until(() -> pending(pg, dataset) == 0);
                out.append(String.format("restarted in %.1f s; every event delivered %.1f s after it was ready "
                        + "(the dead process's lease is 6 s)%n", restart.toMillis() / 1000.0,
                        (System.nanoTime() - resumedAt) / 1e9));
                List<Long> all = events(pg, dataset);
                assertThat(all).hasSize(shared + whileKilled);
                assertEveryEventAcceptedOnce(receiver, all);
                assertThat(count(pg, dataset, "state = 'delivered' AND attempts >= 2"))
                        .as("deliveries the killed process held, delivered again by its successor").isGreaterThanOrEqualTo(inFlightAtKill);
                out.append(String.format("receiver: %d requests, %d events accepted once each%n",
                        receiver.received().size(), receiver.acceptedCounts().size()));
            } finally {
                a.close();
                b.close();
                System.out.println(out);
                Files.writeString(logs.resolve("webhook-replicas-summary.txt"), out);
            }
        }
    }

    private static GatewayProcess replica(Path jar, Path logs, PostgresProcess pg, String name) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>(FAST_WEBHOOKS);
        settings.put("HOSTNAME", name);
        return new GatewayProcess(jar, PgBouncerIT.fresh(logs.resolve("gateway-webhooks-" + name + ".log")), pg.port(), settings);
    }

    /** Sends the dataset's next plain deactivation (other kinds are skipped) and expects it applied. */
    private static void deactivate(LoadClients clients, GatewayProcess gateway, FaultDataset dataset) {
        FaultDataset.Op op = dataset.next();
        while (op != null && op.kind() != FaultDataset.Kind.DEACTIVATE) {
            op = dataset.next();
        }
        assertThat(op).as("devices left").isNotNull();
        History.Attempt attempt = clients.send(gateway, op);
        assertThat(attempt.status()).as("deactivation %s: %s", op.hardwareId(), attempt.code()).isEqualTo(200);
        dataset.acknowledged(op);
    }

    private static void assertEveryEventAcceptedOnce(WebhookReceiver receiver, List<Long> eventIds) {
        Set<String> expected = new HashSet<>();
        eventIds.forEach(id -> expected.add("evt_" + id));
        assertThat(receiver.acceptedCounts().keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(receiver.acceptedCounts().values()).as("times each event was accepted").containsOnly(1);
        assertThat(receiver.received()).as("requests that failed verification").allMatch(WebhookReceiver.Received::verified);
    }

    private static List<Long> events(PostgresProcess pg, FaultDataset dataset) throws Exception {
        List<Long> ids = new ArrayList<>();
        query(pg, "SELECT event_id FROM deactivation_events WHERE company_id = ?", dataset, rs -> ids.add(rs.getLong(1)));
        return ids;
    }

    private static long pending(PostgresProcess pg, FaultDataset dataset) throws Exception {
        return count(pg, dataset, "state <> 'delivered'");
    }

    private static long count(PostgresProcess pg, FaultDataset dataset, String where) throws Exception {
        long[] n = new long[1];
        query(pg, "SELECT count(*) FROM webhook_outbox WHERE company_id = ? AND " + where, dataset, rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    private static Map<String, Long> ownerCounts(PostgresProcess pg, FaultDataset dataset) throws Exception {
        Map<String, Long> owners = new LinkedHashMap<>();
        query(pg, "SELECT lease_owner, count(*) FROM webhook_outbox WHERE company_id = ? GROUP BY 1 ORDER BY 1", dataset,
                rs -> owners.put(rs.getString(1), rs.getLong(2)));
        return owners;
    }

    private interface RowReader {
        void read(ResultSet row) throws Exception;
    }

    private static void query(PostgresProcess pg, String sql, FaultDataset dataset, RowReader reader) throws Exception {
        try (Connection db = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "");
             PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, dataset.company);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }
}
