package dev.licensegateway.http;

import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.store.TimeSplit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The metrics of each License API request, and its log line (INFO for a refusal or failure, DEBUG for a 200; for
 * a single file slower than {@code gateway.request.slow-threshold}, one more INFO line saying where its time went).
 * Labels are bounded: the endpoint and the outcome (a documented error code, {@code deactivated} or
 * {@code replayed}), never a key, id or address.
 * The log line carries company and request_id, which are identifiers, not secrets.
 */
@ApplicationScoped
public class RequestObserver {

    private static final Logger LOG = Logger.getLogger("dev.licensegateway.requests");

    private final MeterRegistry registry;
    private final long slowNanos;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public RequestObserver(MeterRegistry registry, GatewayConfig config) {
        this.registry = registry;
        this.slowNanos = config.request().slowThreshold().toNanos();
    }

    /**
     * Records one finished single-file request, and when it took {@code gateway.request.slow-threshold} or more,
     * one INFO line saying where its time went ({@link TimeSplit#describe}).
     */
    public void finished(String endpoint, String outcome, int status, String company, String requestId, long startNanos,
                         TimeSplit split) {
        finished(endpoint, outcome, status, company, requestId, startNanos);
        long end = System.nanoTime();
        if (end - startNanos >= slowNanos && LOG.isInfoEnabled()) {
            LOG.info("slow request: " + endpoint + ' ' + status + ' ' + outcome + " company=" + printable(company)
                    + " request_id=" + printable(requestId) + ' ' + split.describe(end));
        }
    }

    /** Records one finished request. */
    public void finished(String endpoint, String outcome, int status, String company, String requestId, long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        counters.computeIfAbsent(endpoint + '|' + outcome, key -> Counter.builder("gateway.requests")
                        .description("License API requests by endpoint and outcome")
                        .tag("endpoint", endpoint).tag("outcome", outcome).register(registry))
                .increment();
        timers.computeIfAbsent(endpoint, key -> Timer.builder("gateway.request.duration")
                        .description("License API request latency")
                        .tag("endpoint", endpoint)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofSeconds(10))
                        .register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        // What an operator needs per request: every refusal and failure at INFO. An applied or replayed file is
        // already in the audit trail (deactivation_events) and the metrics, so its line is DEBUG (enable the
        // category to see every request). Built by concatenation: String.format looked up the locale each time.
        boolean ok = status < 300;
        if (ok ? LOG.isDebugEnabled() : LOG.isInfoEnabled()) {
            String safeCompany = printable(company);
            String safeRequestId = printable(requestId);
            MDC.put("outcome", outcome);
            MDC.put("company", safeCompany);
            MDC.put("request_id", safeRequestId);
            try {
                String line = endpoint + ' ' + status + ' ' + outcome + " company=" + safeCompany + " request_id="
                        + safeRequestId + " duration_ms=" + TimeSplit.millis(nanos);
                if (ok) {
                    LOG.debug(line);
                } else {
                    LOG.info(line);
                }
            } finally {
                MDC.remove("outcome");
                MDC.remove("company");
                MDC.remove("request_id");
            }
        }
    }

    /** A request id is client text: control characters are masked so it cannot forge log lines. */
    static String printable(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(value.length());
        value.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    /** Counts items of a batch by outcome. */
    public void batchItem(String outcome) {
        counters.computeIfAbsent("batch-item|" + outcome, key -> Counter.builder("gateway.batch.items")
                        .description("Files processed in batch uploads, by outcome")
                        .tag("outcome", outcome).register(registry))
                .increment();
    }
}
