package dev.licensegateway.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.licensegateway.load.Dataset;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * A fleet being decommissioned: an open model (uploads arrive at a fixed rate whatever the gateway's
 * latency), every upload a new file for a device never deactivated before, half of them schema v2. A short
 * warm-up at the same rate is reported apart ({@code warm-up}), so the figures of {@code deactivate} are of
 * a warm client and server.
 */
public class FleetDeactivation extends Simulation {

    // Parameters (-Dname=value) and their defaults.
    static final String BASE_URL = Traffic.prop("baseUrl", "http://127.0.0.1:8080");
    static final Dataset DATASET = Dataset.fromSystemProperty();               // -Ddataset=target/dataset.properties
    static final long FROM = (long) Traffic.number("from", 0);                 // first device index used
    static final double RATE = Traffic.number("rate", 100);                    // uploads per second
    static final Duration DURATION = Duration.ofSeconds((long) Traffic.number("duration", 60));
    static final Duration WARM_UP = Duration.ofSeconds((long) Traffic.number("warmup", 5));
    static final double V2_SHARE = Traffic.number("v2Share", 0.5);
    static final double MIN_SUCCESS_PERCENT = Traffic.number("minSuccessPercent", 99.9);
    static final int MAX_P50_MS = (int) Traffic.number("p50Ms", 50);
    static final int MAX_P99_MS = (int) Traffic.number("p99Ms", 250);

    private final ScenarioBuilder warmUp = scenario("warm-up")
            .feed(Traffic.distinctDevices(DATASET, FROM, V2_SHARE))
            .exec(Traffic.deactivate("warm-up"));

    private final ScenarioBuilder fleet = scenario("fleet")
            .feed(Traffic.distinctDevices(DATASET, FROM + (long) Math.ceil(RATE * WARM_UP.toSeconds()) + 1, V2_SHARE))
            .exec(Traffic.deactivate("deactivate"));

    {
        setUp(warmUp.injectOpen(constantUsersPerSec(RATE).during(WARM_UP))
                .andThen(fleet.injectOpen(constantUsersPerSec(RATE).during(DURATION))))
                .protocols(Traffic.protocol(BASE_URL))
                .assertions(
                        global().successfulRequests().percent().gte(MIN_SUCCESS_PERCENT),
                        details("deactivate").responseTime().percentile(50.0).lte(MAX_P50_MS),
                        details("deactivate").responseTime().percentile(99.0).lte(MAX_P99_MS));
    }
}
