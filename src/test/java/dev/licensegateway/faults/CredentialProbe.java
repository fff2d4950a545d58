package dev.licensegateway.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.testing.SdkHeaders;
import dev.licensegateway.testing.SdkRequestFile;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks replicas which credentials they accept, and times how long a change made on one replica (the admin
 * API) takes to show on the others. A probe is an upload for a device that does not exist, signed with the
 * given shared key and API key: {@code device_not_found} means the credentials passed, {@code signature_mismatch}
 * that the shared key is not (or no longer) one of the company's, {@code revoked_api_key} that the key is
 * revoked. Nothing is ever written. A warm cache keeps answering from memory for
 * {@code gateway.credential-cache.ttl} (5 minutes), so a change seen within milliseconds came through
 * LISTEN/NOTIFY.
 */
final class CredentialProbe {

    static final String ACCEPTED = "device_not_found";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GIVE_UP = Duration.ofSeconds(30);

    /** One replica's view of a change: when it first showed, and after how many probes. */
    record Seen(String replica, long afterAnswerMicros, int probes) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger ghost = new AtomicInteger();

    /** The error code a probe gets (ACCEPTED when the credentials passed). */
    String probe(GatewayProcess gateway, String sharedKey, String apiKey) throws IOException, InterruptedException {
        SdkRequestFile file = SdkRequestFile.keyBased(sharedKey, apiKey, FaultDataset.PRODUCT, "PERP",
                "probe-ghost-" + ghost.incrementAndGet());
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri("/api/v4/deactivate_offline"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(file.file()));
        SdkHeaders.apiKey(sharedKey, apiKey).forEach(request::header);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("code").asText("status " + response.statusCode());
    }

    /**
     * Probes every replica at once, as fast as answers come, until each answers {@code expected}; times are
     * from {@code answeredNanos}, the moment the replica that made the change answered its admin call.
     */
    List<Seen> await(List<GatewayProcess> replicas, List<String> names, String sharedKey, String apiKey, String expected,
                     long answeredNanos) {
        List<CompletableFuture<Seen>> futures = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            int index = i;
            futures.add(CompletableFuture.supplyAsync(() -> {
                int probes = 0;
                try {
                    while (System.nanoTime() - answeredNanos < GIVE_UP.toNanos()) {
                        probes++;
                        if (expected.equals(probe(replicas.get(index), sharedKey, apiKey))) {
                            return new Seen(names.get(index), TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - answeredNanos), probes);
                        }
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new AssertionError(names.get(index) + " did not answer " + expected + " within " + GIVE_UP);
            }));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    /**
     * What the rotation and revocation scenario printed, the slowest replica's time, and the slowest NOTIFY's
     * arrival at the test's own listener (-1 when one never arrived).
     */
    record Propagation(List<String> lines, long slowestMicros, long slowestNotifyMicros) {
    }

    /**
     * Through {@code maker}'s admin API: an API key is added (the observers warm their caches with it), then a
     * shared key is added and must be accepted everywhere, then revoked and must be refused everywhere, then
     * the API key is revoked and must be refused everywhere. The dataset's own keys, which the load uses, are
     * left alone; each change still drops the company's cache entries on every replica.
     */
    Propagation rotateAndRevoke(GatewayProcess maker, List<GatewayProcess> observers, List<String> names, FaultDataset dataset,
                                String jdbcUrl) throws Exception {
        try (NotificationClock clock = new NotificationClock(jdbcUrl)) {
            return rotateAndRevoke(maker, observers, names, dataset, clock);
        }
    }

    private Propagation rotateAndRevoke(GatewayProcess maker, List<GatewayProcess> observers, List<String> names,
                                        FaultDataset dataset, NotificationClock clock) throws IOException, InterruptedException {
        AdminClient admin = new AdminClient(maker);
        String company = dataset.company;
        String apiKey = "ak-rot-" + Long.toHexString(System.nanoTime());
        String sharedKey = "sk-rot-" + Long.toHexString(System.nanoTime());
        String apiKeyId = admin.addApiKey(company, apiKey);
        await(observers, names, dataset.sharedKey, apiKey, ACCEPTED, System.nanoTime());
        long probing = System.nanoTime();
        int probes = 0;
        for (int round = 0; round < 5; round++) {
            for (GatewayProcess observer : observers) {
                String before = probe(observer, sharedKey, apiKey);
                probes++;
                if (!"signature_mismatch".equals(before)) {
                    throw new AssertionError("a shared key not yet added got " + before);
                }
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("one probe takes %.1f ms here (mean of %d, sent before the changes)",
                (System.nanoTime() - probing) / 1e6 / probes, probes));
        long slowest = 0;
        long sent = System.nanoTime();
        long id = admin.addSharedKey(company, sharedKey);
        long answered = System.nanoTime();
        List<Seen> added = await(observers, names, sharedKey, apiKey, ACCEPTED, answered);
        long[] notify = new long[3];
        notify[0] = clock.since(sent);
        lines.add("shared key added on the maker, accepted by" + describe(added) + notified(notify[0], answered - sent));
        sent = System.nanoTime();
        admin.revokeSharedKey(company, id);
        answered = System.nanoTime();
        List<Seen> revoked = await(observers, names, sharedKey, apiKey, "signature_mismatch", answered);
        notify[1] = clock.since(sent);
        lines.add("shared key revoked on the maker, refused by" + describe(revoked) + notified(notify[1], answered - sent));
        sent = System.nanoTime();
        admin.revokeApiKey(company, apiKeyId);
        answered = System.nanoTime();
        List<Seen> revokedKey = await(observers, names, dataset.sharedKey, apiKey, "revoked_api_key", answered);
        notify[2] = clock.since(sent);
        lines.add("API key revoked on the maker, refused (revoked_api_key) by" + describe(revokedKey)
                + notified(notify[2], answered - sent));
        for (List<Seen> seen : List.of(added, revoked, revokedKey)) {
            slowest = Math.max(slowest, seen.stream().mapToLong(Seen::afterAnswerMicros).max().orElse(0));
        }
        return new Propagation(lines, slowest, 
                java.util.Arrays.stream(notify).anyMatch(n -> n < 0) ? -1 : java.util.Arrays.stream(notify).max().orElse(-1));
    }

    /**
     * A LISTEN session of the test's own on {@code credentials_changed}, noting when each notification arrives:
     * the same notification every replica's listener gets, so its arrival is the propagation itself.
     */
    static final class NotificationClock implements AutoCloseable {
        private final java.sql.Connection db;
        private final java.util.concurrent.ConcurrentLinkedQueue<Long> arrivals = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final Thread reader;
        private volatile boolean open = true;

        NotificationClock(String jdbcUrl) throws java.sql.SQLException {
            db = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "");
            db.createStatement().execute("LISTEN credentials_changed");
            org.postgresql.PGConnection pg = db.unwrap(org.postgresql.PGConnection.class);
            reader = new Thread(() -> {
                while (open) {
                    try {
                        org.postgresql.PGNotification[] got = pg.getNotifications(100);
                        long now = System.nanoTime();
                        if (got != null) {
                            for (int i = 0; i < got.length; i++) {
                                arrivals.add(now);
                            }
                        }
                    } catch (java.sql.SQLException e) {
                        return;
                    }
                }
            }, "notification-clock");
            reader.setDaemon(true);
            reader.start();
        }

        /** Microseconds from {@code sent} to the first notification that arrived after it, or -1. */
        long since(long sent) {
            return arrivals.stream().filter(t -> t >= sent).mapToLong(t -> (t - sent) / 1000).min().orElse(-1);
        }

        @Override
        public void close() throws Exception {
            open = false;
            reader.join(1000);
            db.close();
        }
    }

    private static String notified(long micros, long callNanos) {
        return micros < 0 ? "; no NOTIFY seen by the test's own listener"
                : String.format("; NOTIFY reached the test's own listener %.1f ms after the admin call was sent "
                        + "(the call took %.1f ms)", micros / 1000.0, callNanos / 1e6);
    }

    static String describe(List<Seen> seen) {
        StringBuilder out = new StringBuilder();
        for (Seen s : seen) {
            out.append(String.format(" %s after %.1f ms (%d probe%s)", s.replica(), s.afterAnswerMicros() / 1000.0,
                    s.probes(), s.probes() == 1 ? ", the first: at most one round trip" : "s"));
        }
        return out.toString();
    }
}
