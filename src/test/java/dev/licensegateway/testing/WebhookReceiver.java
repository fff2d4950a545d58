package dev.licensegateway.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver on 127.0.0.1 as a vendor would write one: verifies each delivery's signature (constant
 * time, timestamp within five minutes), refuses what does not verify with 401, and accepts each event id once
 * (a repeat of an accepted id is answered 200 and counted as a duplicate, not accepted again). It can be told
 * to fail its first requests, to answer slowly, or to hold requests until released and then fail them.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived. */
    public record Received(String eventId, String body, boolean verified, int status) {
    }

    private final HttpServer server;
    private final byte[] secret;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> accepted = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger maxInFlightPerEvent = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger held = new AtomicInteger();
    private volatile long delayMs;
    private volatile CountDownLatch hold;

    public WebhookReceiver(String secret) throws IOException {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(32));
        server.createContext("/hook", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public WebhookReceiver failFirst(int requests) {
        failuresLeft.set(requests);
        return this;
    }

    public WebhookReceiver delay(long millis) {
        delayMs = millis;
        return this;
    }

    /** Holds every request from now on until {@link #releaseHeldAsFailures()}. */
    public WebhookReceiver holdRequests() {
        hold = new CountDownLatch(1);
        return this;
    }

    public void releaseHeldAsFailures() {
        CountDownLatch latch = hold;
        hold = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    public int held() {
        return held.get();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Event id → how many times it was accepted (answered 2xx for the first time). */
    public Map<String, Integer> acceptedCounts() {
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        accepted.forEach((id, n) -> counts.put(id, n.get()));
        return counts;
    }

    /** The most requests for one event id that were open at the same time. */
    public int maxConcurrentPerEvent() {
        return maxInFlightPerEvent.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String eventId = exchange.getRequestHeaders().getFirst("Webhook-Id");
        byte[] body = exchange.getRequestBody().readAllBytes();
        AtomicInteger open = inFlight.computeIfAbsent(String.valueOf(eventId), k -> new AtomicInteger());
        maxInFlightPerEvent.accumulateAndGet(open.incrementAndGet(), Math::max);
        try {
            int status = answer(exchange, eventId, body);
            received.add(new Received(eventId, new String(body, StandardCharsets.UTF_8), status != 401, status));
            exchange.sendResponseHeaders(status, -1);
        } finally {
            open.decrementAndGet();
            exchange.close();
        }
    }

    private int answer(HttpExchange exchange, String eventId, byte[] body) {
        CountDownLatch latch = hold;
        if (latch != null) {
            held.incrementAndGet();
            try {
                latch.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 503;
        }
        sleep(delayMs);
        if (!verifies(eventId, exchange.getRequestHeaders().getFirst("Webhook-Timestamp"),
                exchange.getRequestHeaders().getFirst("Webhook-Signature"), body)) {
            return 401;
        }
        if (failuresLeft.getAndDecrement() > 0) {
            return 500;
        }
        accepted.computeIfAbsent(eventId, k -> new AtomicInteger()).incrementAndGet();
        return 200;
    }

    /** The documented scheme: v1=hex(HMAC-SHA256(secret, id + "." + timestamp + "." + body)), timestamp ±5 min. */
    boolean verifies(String eventId, String timestamp, String signature, byte[] body) {
        if (eventId == null || timestamp == null || signature == null || !signature.startsWith("v1=")) {
            return false;
        }
        long sent;
        try {
            sent = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(System.currentTimeMillis() / 1000 - sent) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((eventId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
            return MessageDigest.isEqual(expected, signature.substring(3).getBytes(StandardCharsets.US_ASCII));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        releaseHeldAsFailures();
        server.stop(0);
    }
}
