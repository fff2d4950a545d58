package dev.licensegateway.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway through Debian's PgBouncer 1.18 in transaction mode, next to one connected directly, on the same
 * database in the same run. 1.18 cannot carry protocol-level (named) prepared statements from one server
 * connection to the next, so the pooled gateway runs with
 * {@code quarkus.datasource.reactive.cache-prepared-statements=false} and
 * {@code quarkus.datasource.reactive.postgresql.use-layer7-proxy=true} (unnamed statements, each sent as
 * Parse/Bind/Execute/Sync in one go), and its LISTEN session on the direct URL
 * ({@code gateway.credential-cache.listen-url}). Bursts of the mixed workload alternate between the two
 * gateways (closed loop, {@code faults.pgbouncer.clients} clients, {@code faults.pgbouncer.burst} seconds,
 * {@code faults.pgbouncer.rounds} rounds each); the printed ratio is pooled over direct operations per second.
 * That mix is bound by the row lock of its two licenses (every deactivation of one license waits for the one
 * before), so bursts of replays follow (one SELECT outside any transaction, nothing locked or written): their
 * ratio is the pooler's own cost per statement.
 * Then a credential change made on the direct gateway must reach the pooled one, and the history check covers
 * every operation of both.
 */
class PgBouncerIT {

    @Test
    void theGatewayRunsCorrectlyThroughPgBouncerInTransactionModeAndItsCostIsMeasured() throws Exception {
        Path bin = PostgresProcess.requireBinaries();
        Path pgbouncer = PgBouncerProcess.findBinary();
        assumeTrue(pgbouncer != null, "no /usr/sbin/pgbouncer (apt-get install pgbouncer, or -Dfaults.pgbouncer)");
        Path jar = GatewayProcess.requirePackagedJar();
        int rounds = Integer.getInteger("faults.pgbouncer.rounds", 2);
        int burst = Integer.getInteger("faults.pgbouncer.burst", 3);
        int clients = Integer.getInteger("faults.pgbouncer.clients", 8);
        int devices = Integer.getInteger("faults.pgbouncer.devices", 4000);
        long seed = Long.getLong("faults.seed", System.nanoTime());
        Path logs = Files.createDirectories(Path.of("target", "faults")).toAbsolutePath();

        FaultDataset dataset = new FaultDataset(devices, seed);
        History history = new History();
        HistoryChecker checker = new HistoryChecker();
        double[] opsPerSecond = new double[2];
        double[] replaysPerSecond = new double[2];
        List<String> bursts = new ArrayList<>();
        CredentialProbe.Propagation propagation;
        try (PostgresProcess pg = PostgresProcess.start(bin);
             PgBouncerProcess bouncer = PgBouncerProcess.start(pgbouncer, pg.port(), 20);
             GatewayProcess direct = new GatewayProcess(jar, fresh(logs.resolve("gateway-direct.log")), pg.port());
             GatewayProcess pooled = new GatewayProcess(jar, fresh(logs.resolve("gateway-pgbouncer.log")), pg.port(), Map.of(
                     "QUARKUS_DATASOURCE_REACTIVE_URL", GatewayProcess.reactiveUrl(bouncer.port()),
                     "QUARKUS_DATASOURCE_REACTIVE_CACHE_PREPARED_STATEMENTS", "false",
                     "QUARKUS_DATASOURCE_REACTIVE_POSTGRESQL_USE_LAYER7_PROXY", "true",
                     GatewayProcess.DIRECT_LISTEN, GatewayProcess.reactiveUrl(pg.port())))) {
            direct.start();
            pooled.start();
            new AdminClient(direct).importDataset(dataset);
            List<GatewayProcess> order = List.of(direct, pooled);
            for (int round = 0; round < rounds; round++) {
                for (int which = 0; which < 2; which++) {
                    double rate = burst(order.get(which), dataset, history, clients, Duration.ofSeconds(burst));
                    opsPerSecond[which] += rate / rounds;
                    bursts.add(String.format("round %d %s %.0f ops/s", round + 1, which == 0 ? "direct" : "pgbouncer", rate));
                }
            }
            List<FaultDataset.Op> applied = history.entries().stream()
                    .filter(e -> e.outcome == History.Outcome.ACKNOWLEDGED && e.op.kind() == FaultDataset.Kind.DEACTIVATE)
                    .map(e -> e.op).toList();
            LoadClients sender = new LoadClients(direct, dataset, history, 1, 1, Duration.ofSeconds(5));
            for (int round = 0; round < rounds; round++) {
                for (int which = 0; which < 2; which++) {
                    double rate = replays(sender, order.get(which), applied, clients, Duration.ofSeconds(burst));
                    replaysPerSecond[which] += rate / rounds;
                    bursts.add(String.format("round %d %s replays %.0f/s", round + 1, which == 0 ? "direct" : "pgbouncer", rate));
                }
            }
            propagation = new CredentialProbe().rotateAndRevoke(direct, List.of(pooled), List.of("the pooled gateway"),
                    dataset, pg.jdbcUrl());
            checker.check(history, dataset, pg.jdbcUrl());
        }

        double ratio = opsPerSecond[1] / opsPerSecond[0];
        StringBuilder out = new StringBuilder("=== PgBouncer 1.18, transaction mode, " + clients + " clients, seed " + seed + "\n");
        bursts.forEach(b -> out.append(b).append('\n'));
        out.append(String.format("direct %.0f ops/s, through pgbouncer %.0f ops/s: pgbouncer/direct ratio %.2f%n",
                opsPerSecond[0], opsPerSecond[1], ratio));
        out.append(String.format("replays (one SELECT on the pool, no lock, nothing written): direct %.0f/s, through pgbouncer "
                + "%.0f/s: pgbouncer/direct ratio %.2f%n", replaysPerSecond[0], replaysPerSecond[1],
                replaysPerSecond[1] / replaysPerSecond[0]));
        propagation.lines().forEach(l -> out.append("LISTEN on the direct URL: ").append(l).append('\n'));
        out.append(String.format("attempts %d: 200 %d, 503 %d, 500 %d, connection errors/timeouts %d%n", history.attempts().size(),
                history.attemptsWithStatus(200), history.attemptsWithStatus(503), history.attemptsWithStatus(500),
                history.attemptsWithStatus(-1)));
        out.append(history.summary(checker)).append('\n');
        checker.violations.stream().limit(50).forEach(v -> out.append("  ").append(v).append('\n'));
        System.out.println(out);
        Files.writeString(logs.resolve("pgbouncer-summary.txt"), out);

        assertThat(checker.violations).as("violations").isEmpty();
        // No fault is injected here: every operation must resolve, and nothing may fail on the server side
        // (a lost prepared statement would be a 500 or a 503 here).
        assertThat(history.count(History.Outcome.UNKNOWN)).as("unresolved operations").isZero();
        assertThat(history.attemptsWithStatus(500) + history.attemptsWithStatus(503) + history.attemptsWithStatus(-1))
                .as("500, 503 and connection errors").isZero();
        assertThat(opsPerSecond[1]).as("operations per second through pgbouncer").isPositive();
        assertThat(replaysPerSecond[1]).as("replays per second through pgbouncer").isPositive();
    }

    /** One closed-loop burst against one gateway; operations resolved per second. */
    static double burst(GatewayProcess gateway, FaultDataset dataset, History history, int clients, Duration length)
            throws InterruptedException {
        int before = history.entries().size();
        LoadClients load = new LoadClients(gateway, dataset, history, clients, 1_000_000, Duration.ofSeconds(5));
        long begin = System.nanoTime();
        load.start();
        Thread.sleep(length.toMillis());
        load.stopIssuing(Duration.ofSeconds(20));
        assertThat(load.await(Duration.ofSeconds(40))).as("clients finished").isTrue();
        double seconds = (System.nanoTime() - begin) / 1e9;
        return (history.entries().size() - before) / seconds;
    }

    /**
     * Acknowledged files sent again by {@code clients} threads for {@code length}: each must be answered 200 (a
     * replay) and nothing is written, so this measures the path through the pool alone. Replays per second.
     */
    static double replays(LoadClients sender, GatewayProcess gateway, List<FaultDataset.Op> applied, int clients,
                          Duration length) throws Exception {
        java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> wrong = new java.util.concurrent.atomic.AtomicReference<>();
        long end = System.nanoTime() + length.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < clients; t++) {
            int offset = t;
            Thread thread = new Thread(() -> {
                for (int i = offset; System.nanoTime() < end; i += clients) {
                    History.Attempt attempt = sender.send(gateway, applied.get(i % applied.size()));
                    if (attempt.status() == 200) {
                        answered.incrementAndGet();
                    } else {
                        wrong.compareAndSet(null, attempt.status() + " " + attempt.code() + " " + attempt.error());
                    }
                }
            });
            threads.add(thread);
        }
        long begin = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(wrong.get()).as("a replay answered other than 200").isNull();
        return answered.get() / ((System.nanoTime() - begin) / 1e9);
    }

    static Path fresh(Path log) throws java.io.IOException {
        Files.deleteIfExists(log);
        return log;
    }
}
