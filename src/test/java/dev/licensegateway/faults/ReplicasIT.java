package dev.licensegateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Three gateway processes on one database, as replicas behind a Service: the clients' attempts go round-robin
 * over them (a retry lands on the next one). While that load runs, {@code faults.replicas.same} fresh request
 * files are each sent to all three replicas at the same instant (a barrier releases the three sends), and a
 * key rotation and revocation made through replica 0's admin API must reach replicas 1 and 2 through
 * LISTEN/NOTIFY (times printed). The history check then proves every acknowledged deactivation persisted
 * exactly once, and each replica's own metrics show it did part of the work.
 */
class ReplicasIT {

    static final int REPLICAS = 3;

    @Test
    void threeReplicasShareTheLoadAndTheSameFileAtTheSameInstantPersistsOnce() throws Exception {
        Path bin = PostgresProcess.requireBinaries();
        Path jar = GatewayProcess.requirePackagedJar();
        int devices = Integer.getInteger("faults.devices", 1500);
        double rate = Double.parseDouble(System.getProperty("faults.rate", "40"));
        long phase = TimeUnit.SECONDS.toMillis(Integer.getInteger("faults.phase", 5));
        int same = Integer.getInteger("faults.replicas.same", 20);
        long seed = Long.getLong("faults.seed", System.nanoTime());
        Path logs = Files.createDirectories(Path.of("target", "faults")).toAbsolutePath();

        FaultDataset dataset = new FaultDataset(devices, seed);
        History history = new History();
        HistoryChecker checker = new HistoryChecker();
        List<GatewayProcess> replicas = new ArrayList<>();
        List<Long> deactivatedPerReplica = new ArrayList<>();
        int[] allThree200 = new int[1];
        CredentialProbe.Propagation propagation;
        try (PostgresProcess pg = PostgresProcess.start(bin)) {
            try {
                for (int i = 0; i < REPLICAS; i++) {
                    replicas.add(new GatewayProcess(jar, PgBouncerIT.fresh(logs.resolve("gateway-replica-" + i + ".log")), pg.port()));
                }
                startAll(replicas);
                new AdminClient(replicas.get(0)).importDataset(dataset);
                LoadClients load = new LoadClients(replicas, dataset, history, 6, rate, Duration.ofSeconds(4));
                load.start();
                Thread.sleep(phase);
                allThree200[0] = sameFileEverywhereAtOnce(replicas, load, dataset, history, same);
                propagation = new CredentialProbe().rotateAndRevoke(replicas.get(0), replicas.subList(1, REPLICAS),
                        List.of("replica 1", "replica 2"), dataset, pg.jdbcUrl());
                Thread.sleep(phase);
                load.stopIssuing(Duration.ofSeconds(30));
                assertThat(load.await(Duration.ofSeconds(60))).as("clients finished").isTrue();
                for (GatewayProcess replica : replicas) {
                    deactivatedPerReplica.add(deactivated(replica));
                }
            } finally {
                replicas.forEach(GatewayProcess::close);
            }
            checker.check(history, dataset, pg.jdbcUrl());
        }

        StringBuilder out = new StringBuilder("=== " + REPLICAS + " replicas on one PostgreSQL, seed " + seed + "\n");
        out.append("deactivations answered per replica (its gateway_requests_total): ").append(deactivatedPerReplica).append('\n');
        out.append(String.format("the same file to all %d replicas at once: %d of %d files answered 200 by every replica%n",
                REPLICAS, allThree200[0], same));
        propagation.lines().forEach(l -> out.append(l).append('\n'));
        out.append(String.format("propagation through LISTEN/NOTIFY: NOTIFY at most %.1f ms after the admin call was sent; "
                + "the other replicas showed the change at most %.1f ms after it answered (probe round trips included)%n",
                propagation.slowestNotifyMicros() / 1000.0, propagation.slowestMicros() / 1000.0));
        out.append(history.summary(checker)).append('\n');
        checker.violations.stream().limit(50).forEach(v -> out.append("  ").append(v).append('\n'));
        System.out.println(out);
        Files.writeString(logs.resolve("replicas-summary.txt"), out);

        assertThat(checker.violations).as("violations").isEmpty();
        assertThat(allThree200[0]).as("files answered 200 by all replicas").isEqualTo(same);
        assertThat(propagation.slowestNotifyMicros()).as("every change announced by NOTIFY").isNotNegative();
        assertThat(deactivatedPerReplica).as("every replica deactivated devices").allMatch(n -> n > 0);
        assertThat(history.count(History.Outcome.ACKNOWLEDGED)).isPositive();
    }

    /**
     * Sends each of {@code count} fresh deactivations to every replica at the same instant; the history gets every
     * attempt. Returns how many were answered 200 by all replicas (one applied it, the others replayed it).
     */
    private static int sameFileEverywhereAtOnce(List<GatewayProcess> replicas, LoadClients load, FaultDataset dataset,
                                                History history, int count) throws Exception {
        int everywhere = 0;
        for (int n = 0; n < count; n++) {
            FaultDataset.Op op = dataset.next();
            while (op != null && op.kind() != FaultDataset.Kind.DEACTIVATE) {
                op = dataset.next();
            }
            assertThat(op).as("devices left for the same-file phase").isNotNull();
            History.Entry entry = history.begin(op);
            CyclicBarrier barrier = new CyclicBarrier(replicas.size());
            FaultDataset.Op sent = op;
            List<CompletableFuture<History.Attempt>> attempts = new ArrayList<>();
            for (GatewayProcess replica : replicas) {
                attempts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        barrier.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return load.send(replica, sent);
                }));
            }
            boolean all200 = true;
            for (CompletableFuture<History.Attempt> attempt : attempts) {
                History.Attempt a = attempt.get(30, TimeUnit.SECONDS);
                history.record(entry, a);
                all200 &= a.status() == 200;
            }
            if (all200) {
                entry.outcome = History.Outcome.ACKNOWLEDGED;
                everywhere++;
                dataset.acknowledged(op);
            } else {
                load.resolve(entry);
            }
        }
        return everywhere;
    }

    static void startAll(List<GatewayProcess> replicas) {
        List<CompletableFuture<Void>> starts = replicas.stream().map(r -> CompletableFuture.runAsync(() -> {
            try {
                r.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).toList();
        starts.forEach(CompletableFuture::join);
    }

    private static final Pattern DEACTIVATED = Pattern.compile(
            "gateway_requests_total\\{[^}]*outcome=\"deactivated\"[^}]*}\\s+([0-9.eE+]+)");

    /** The replica's own count of single-file deactivations, from its Prometheus metrics. */
    private static long deactivated(GatewayProcess replica) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(replica.managementUri("/q/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        long total = 0;
        Matcher m = DEACTIVATED.matcher(metrics.body());
        while (m.find()) {
            total += (long) Double.parseDouble(m.group(1));
        }
        return total;
    }
}
