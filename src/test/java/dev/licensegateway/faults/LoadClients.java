package dev.licensegateway.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.testing.SdkHeaders;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fleet operators uploading request files: {@code threads} clients sharing a rate, each taking the next
 * operation and sending it until it resolves. A 200 or a 4xx resolves it; a timeout, a connection error or
 * any 5xx does not, and the same bytes are sent again (with a fresh Date header) after a short pause, until
 * the give-up time passes. 500s are counted: under faults the gateway should say 503.
 */
final class LoadClients {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RETRY_PAUSE_MS = 250;

    private final List<GatewayProcess> gateways;
    private final java.util.concurrent.atomic.AtomicInteger nextGateway = new java.util.concurrent.atomic.AtomicInteger();
    private final FaultDataset dataset;
    private final History history;
    private final long intervalNanos;
    private final List<Thread> threads = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Duration requestTimeout;
    private volatile boolean issuing = true;
    private volatile long giveUpAt = Long.MAX_VALUE;
    private long nextSlot = System.nanoTime();

    LoadClients(GatewayProcess gateway, FaultDataset dataset, History history, int threads, double opsPerSecond,
                Duration requestTimeout) {
        this(List.of(gateway), dataset, history, threads, opsPerSecond, requestTimeout);
    }

    /** Several replicas behind a round-robin balancer: each attempt, a retry too, goes to the next one. */
    LoadClients(List<GatewayProcess> gateways, FaultDataset dataset, History history, int threads, double opsPerSecond,
                Duration requestTimeout) {
        this.gateways = List.copyOf(gateways);
        this.dataset = dataset;
        this.history = history;
        this.intervalNanos = (long) (1e9 / opsPerSecond);
        this.requestTimeout = requestTimeout;
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(this::run, "fault-client-" + i);
            thread.setDaemon(true);
            this.threads.add(thread);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    /** No new operations; those in flight keep retrying until {@code drain} has passed. */
    void stopIssuing(Duration drain) {
        issuing = false;
        giveUpAt = System.nanoTime() + drain.toNanos();
    }

    /** Waits for every client to finish; true when all did. */
    boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        return threads.stream().noneMatch(Thread::isAlive);
    }

    private void run() {
        while (issuing) {
            if (!awaitSlot()) {
                return;
            }
            FaultDataset.Op op = dataset.next();
            if (op == null) {
                return;
            }
            History.Entry entry = history.begin(op);
            resolve(entry);
            if (entry.outcome == History.Outcome.ACKNOWLEDGED) {
                dataset.acknowledged(op);
            }
        }
    }

    private boolean awaitSlot() {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            nextSlot = Math.max(nextSlot + intervalNanos, now);
            wait = nextSlot - now;
        }
        sleep(TimeUnit.NANOSECONDS.toMillis(wait));
        return issuing;
    }

    /** Sends until the operation resolves (200 or 4xx) or the give-up time passes. */
    void resolve(History.Entry entry) {
        while (System.nanoTime() < giveUpAt) {
            GatewayProcess gateway = gateways.get(Math.floorMod(nextGateway.getAndIncrement(), gateways.size()));
            History.Attempt attempt = send(gateway, entry.op);
            history.record(entry, attempt);
            if (attempt.status() == 200) {
                entry.outcome = History.Outcome.ACKNOWLEDGED;
                return;
            }
            if (attempt.status() >= 400 && attempt.status() < 500) {
                entry.outcome = History.Outcome.REFUSED;
                entry.code = attempt.code();
                return;
            }
            sleep(RETRY_PAUSE_MS);
        }
    }

    /** Sends the operation's bytes once (fresh Date header) to one replica. */
    History.Attempt send(GatewayProcess gateway, FaultDataset.Op op) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri("/api/v4/deactivate_offline"))
                .timeout(requestTimeout)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(op.fileText()));
        SdkHeaders.apiKey(dataset.sharedKey, dataset.apiKey).forEach(request::header);
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String code = null;
            if (response.statusCode() != 200) {
                try {
                    code = JSON.readTree(response.body()).path("code").asText(null);
                } catch (IOException e) {
                    code = "unparsable";
                }
            }
            return new History.Attempt(start, System.nanoTime(), response.statusCode(), code, null);
        } catch (IOException e) {
            return new History.Attempt(start, System.nanoTime(), -1, null, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new History.Attempt(start, System.nanoTime(), -1, null, "interrupted");
        }
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
