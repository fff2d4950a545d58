package dev.licensegateway.webhook;

import dev.licensegateway.crypto.SecretCipher;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Delivers due outbox rows to their endpoints, at least once: claim (leased), POST the signed event with the
 * JDK HTTP client on a small worker pool, record delivered on 2xx, else schedule a retry with exponential
 * backoff. At most {@code max-in-flight} deliveries at once; when a poll finds work it polls again at once,
 * otherwise after {@code poll-interval}. A stopped or killed dispatcher loses nothing: its leased rows come
 * due again when the lease runs out.
 */
public final class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final int MAX_ERROR_LENGTH = 200;

    private final Vertx vertx;
    private final OutboxStore outbox;
    private final SecretCipher cipher;
    private final WebhookSettings settings;
    private final ExecutorService senders;
    private final HttpClient client;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean polling = new AtomicBoolean();
    private long timer = -1;

    public WebhookDispatcher(Vertx vertx, OutboxStore outbox, SecretCipher cipher, WebhookSettings settings) {
        this.vertx = vertx;
        this.outbox = outbox;
        this.cipher = cipher;
        this.settings = settings;
        this.senders = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "webhook-sender");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder().executor(senders).connectTimeout(settings.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public void start() {
        if (running.compareAndSet(false, true)) {
            schedule(0);
        }
    }

    /** Stops polling and abandons deliveries in flight; their leases expire and another dispatcher retries them. */
    public void stop() {
        running.set(false);
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        senders.shutdownNow();
    }

    private void schedule(long delayMs) {
        if (!running.get()) {
            return;
        }
        timer = vertx.setTimer(Math.max(1, delayMs), id -> poll());
    }

    private void poll() {
        int room = settings.maxInFlight() - inFlight.get();
        if (!running.get() || room <= 0 || !polling.compareAndSet(false, true)) {
            schedule(settings.pollInterval().toMillis());
            return;
        }
        outbox.claim(room, settings.lease()).subscribe().with(claimed -> {
            polling.set(false);
            claimed.forEach(this::send);
            schedule(claimed.isEmpty() ? settings.pollInterval().toMillis() : 0);
        }, failure -> {
            polling.set(false);
            LOG.warnf("webhook dispatcher: claiming failed (%s); retrying in %s", failure.getClass().getSimpleName(),
                    settings.pollInterval());
            schedule(settings.pollInterval().toMillis());
        });
    }

    private void send(Delivery delivery) {
        inFlight.incrementAndGet();
        HttpRequest request;
        try {
            byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
            long timestamp = System.currentTimeMillis() / 1000;
            byte[] secret = cipher.decrypt(delivery.companyId(), delivery.secretEncrypted());
            request = HttpRequest.newBuilder(URI.create(delivery.url()))
                    .timeout(settings.requestTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "license-gateway-webhooks")
                    .header(WebhookSignature.ID_HEADER, delivery.eventId())
                    .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(WebhookSignature.SIGNATURE_HEADER,
                            WebhookSignature.sign(secret, delivery.eventId(), timestamp, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (RuntimeException e) {
            record(delivery, null, "request could not be built: " + e.getClass().getSimpleName());
            return;
        }
        try {
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                if (!running.get()) {
                    inFlight.decrementAndGet();
                    return;
                }
                if (failure != null) {
                    record(delivery, null, describe(failure));
                } else if (response.statusCode() / 100 == 2) {
                    finish(outbox.delivered(delivery, response.statusCode()).subscribe().asCompletionStage());
                } else {
                    record(delivery, response.statusCode(), "HTTP " + response.statusCode());
                }
            });
        } catch (RuntimeException e) {
            // The sender pool is shut down: this dispatcher is stopping and the lease will run out.
            inFlight.decrementAndGet();
        }
    }

    private void record(Delivery delivery, Integer status, String error) {
        finish(outbox.failed(delivery, status, error, settings.maxAttempts(), backoff(delivery.attempt()))
                .subscribe().asCompletionStage());
    }

    private void finish(CompletionStage<Void> recorded) {
        recorded.whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.warnf("webhook dispatcher: recording an outcome failed (%s); the lease will expire",
                        failure.getClass().getSimpleName());
            }
            inFlight.decrementAndGet();
        });
    }

    /** initial × 2^(attempt−1), at most max-backoff. */
    Duration backoff(int attempt) {
        Duration wait = settings.initialBackoff();
        for (int i = 1; i < attempt && wait.compareTo(settings.maxBackoff()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait;
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure.getCause() != null && failure instanceof CompletionException
                ? failure.getCause() : failure;
        String text = cause.getClass().getSimpleName();
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }
}
