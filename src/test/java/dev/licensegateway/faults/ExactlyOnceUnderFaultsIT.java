package dev.licensegateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once under faults, against the packaged gateway as a real process. While clients upload
 * request files (and retry whatever is unresolved with the same bytes), each cycle (a) hard-stops
 * PostgreSQL with {@code pg_ctl stop -m immediate} and restarts it, (b) freezes the TCP path between
 * gateway and database and then cuts it, (c) kills the gateway with SIGKILL and starts it again. Then
 * {@link HistoryChecker} proves the history against the rows, and every return of the database must be
 * followed by readiness and an acknowledged upload within 5 s.
 *
 * <p>Knobs (system properties): {@code faults.cycles} (1), {@code faults.devices} per license (1500),
 * {@code faults.rate} operations per second (40), {@code faults.clients} (6), {@code faults.phase} seconds
 * of plain load between faults (5), {@code faults.seed}, {@code faults.jar}, {@code faults.pg.bin}.
 */
class ExactlyOnceUnderFaultsIT {

    static final long HEALTHY_WITHIN_MS = 5_000;

    /** How long after a fault ended the gateway was ready and acknowledged an upload again. */
    record Recovery(String fault, int cycle, long readyMs, long firstAcknowledgedMs) {
    }

    @Test
    void everyAcknowledgedDeactivationPersistsExactlyOnceThroughCrashesAndPartitions() throws Exception {
        Path bin = PostgresProcess.requireBinaries();
        Path jar = GatewayProcess.requirePackagedJar();
        int cycles = Integer.getInteger("faults.cycles", 1);
        int devices = Integer.getInteger("faults.devices", 1500);
        double rate = Double.parseDouble(System.getProperty("faults.rate", "40"));
        int clients = Integer.getInteger("faults.clients", 6);
        long phase = TimeUnit.SECONDS.toMillis(Integer.getInteger("faults.phase", 5));
        long seed = Long.getLong("faults.seed", System.nanoTime());
        Path log = Files.createDirectories(Path.of("target", "faults")).resolve("gateway.log").toAbsolutePath();
        Files.deleteIfExists(log);
        long begin = System.nanoTime();

        FaultDataset dataset = new FaultDataset(devices, seed);
        History history = new History();
        List<Recovery> recoveries = new ArrayList<>();
        List<Long> restarts = new ArrayList<>();
        HistoryChecker checker = new HistoryChecker();
        List<String> sabotaged;
        try (PostgresProcess pg = PostgresProcess.start(bin);
             TcpProxy proxy = new TcpProxy(pg.port());
             GatewayProcess gateway = new GatewayProcess(jar, log, proxy.port())) {
            restarts.add(gateway.start().toMillis());
            new AdminClient(gateway).importDataset(dataset);
            LoadClients load = new LoadClients(gateway, dataset, history, clients, rate, Duration.ofSeconds(4));
            load.start();
            Thread.sleep(phase);
            for (int cycle = 1; cycle <= cycles; cycle++) {
                pg.stopImmediately();
                Thread.sleep(3_000);
                pg.startServer();
                recoveries.add(recover("postgres stop -m immediate", cycle, gateway, history, phase));

                proxy.freeze();
                Thread.sleep(3_000);
                proxy.cut();
                Thread.sleep(2_000);
                proxy.restore();
                recoveries.add(recover("network freeze, then cut", cycle, gateway, history, phase));

                gateway.kill();
                Thread.sleep(1_000);
                restarts.add(gateway.start().toMillis());
                Thread.sleep(phase);
            }
            load.stopIssuing(Duration.ofSeconds(30));
            assertThat(load.await(Duration.ofSeconds(60))).as("clients finished").isTrue();
            checker.check(history, dataset, pg.jdbcUrl());
            sabotaged = checkerSeesSabotage(history, dataset, pg.jdbcUrl());
        }

        String summary = summary(history, checker, recoveries, restarts, cycles, seed,
                Duration.ofNanos(System.nanoTime() - begin));
        System.out.println(summary);
        Files.writeString(log.resolveSibling("history-summary.txt"), summary);
        assertThat(checker.violations).as("violations").isEmpty();
        assertThat(sabotaged).as("the checker itself sees a doubled consumption and a resurrected device")
                .anyMatch(v -> v.startsWith("license CONS total")).anyMatch(v -> v.contains("active after a persisted"));
        assertThat(history.count(History.Outcome.ACKNOWLEDGED)).as("acknowledged operations").isPositive();
        for (Recovery r : recoveries) {
            assertThat(r.readyMs()).as("ready after %s (cycle %d)", r.fault(), r.cycle()).isBetween(0L, HEALTHY_WITHIN_MS);
            assertThat(r.firstAcknowledgedMs()).as("first 200 after %s (cycle %d)", r.fault(), r.cycle())
                    .isBetween(0L, HEALTHY_WITHIN_MS);
        }
    }

    /**
     * The checker must be able to fail: one consumption counted twice and one deactivated device made active
     * again, written behind the gateway's back, must each be reported.
     */
    private static List<String> checkerSeesSabotage(History history, FaultDataset dataset, String jdbcUrl) throws Exception {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "");
             java.sql.Statement statement = db.createStatement()) {
            String company = "'" + dataset.company + "'";
            statement.execute("UPDATE licenses SET total_consumptions = total_consumptions + 1 WHERE company_id = " + company
                    + " AND license_key = 'CONS'");
            statement.execute("UPDATE devices SET active = true WHERE company_id = " + company + " AND device_id = "
                    + "(SELECT min(device_id) FROM deactivation_requests WHERE company_id = " + company + ")");
        }
        HistoryChecker again = new HistoryChecker();
        again.check(history, dataset, jdbcUrl);
        return again.violations;
    }

    /** Measures readiness from the moment the fault ended, then lets the load run for a phase. */
    private static Recovery recover(String fault, int cycle, GatewayProcess gateway, History history, long phase)
            throws InterruptedException {
        long back = System.nanoTime();
        long readyMs = -1;
        while (System.nanoTime() - back < TimeUnit.SECONDS.toNanos(30)) {
            if (gateway.ready()) {
                readyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - back);
                break;
            }
            Thread.sleep(50);
        }
        Thread.sleep(phase);
        long firstAck = history.firstAcknowledgedAfter(back);
        return new Recovery(fault, cycle, readyMs, firstAck < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(firstAck));
    }

    private static String summary(History history, HistoryChecker checker, List<Recovery> recoveries, List<Long> restarts,
                                  int cycles, long seed, Duration took) {
        StringBuilder out = new StringBuilder();
        out.append("=== exactly-once under faults: ").append(cycles).append(" cycle(s), seed ").append(seed)
                .append(", ").append(took.toSeconds()).append(" s\n");
        out.append(String.format("operations %d: acknowledged %d, refused %d, unknown %d (of which persisted %d)%n",
                history.entries().size(), history.count(History.Outcome.ACKNOWLEDGED), history.count(History.Outcome.REFUSED),
                history.count(History.Outcome.UNKNOWN), checker.persistedUnknown));
        out.append(String.format("attempts %d: 200 %d, 4xx %d, 503 %d, 500 %d, connection errors/timeouts %d%n",
                history.attempts().size(), history.attemptsWithStatus(200),
                history.attempts().stream().filter(a -> a.status() >= 400 && a.status() < 500).count(),
                history.attemptsWithStatus(503), history.attemptsWithStatus(500), history.attemptsWithStatus(-1)));
        out.append("acknowledged only after at least one unresolved attempt (timeout, 503, connection error) ")
                .append(history.entries().stream().filter(e -> e.outcome == History.Outcome.ACKNOWLEDGED
                        && e.attempts.size() > 1).count()).append('\n');
        out.append("persisted deactivations ").append(checker.persisted).append('\n');
        for (Recovery r : recoveries) {
            out.append(String.format("cycle %d, %s: ready after %d ms, first 200 after %d ms%n",
                    r.cycle(), r.fault(), r.readyMs(), r.firstAcknowledgedMs()));
        }
        out.append("gateway start to ready (ms): ").append(restarts).append('\n');
        out.append("violations ").append(checker.violations.size()).append('\n');
        checker.violations.stream().limit(50).forEach(v -> out.append("  ").append(v).append('\n'));
        return out.toString();
    }
}
