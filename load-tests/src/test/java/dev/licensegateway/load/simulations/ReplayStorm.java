package dev.licensegateway.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.licensegateway.load.Dataset;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Files uploaded again and again: a tool retrying, or an operator re-running a folder. {@code files} devices
 * are deactivated once before the storm (outside the measurement); then those same files arrive at
 * {@code rate}/s, many of them at the same instant, and every one must be answered 200
 * {@code license_deactivated} without anything being applied again.
 */
public class ReplayStorm extends Simulation {

    static final String BASE_URL = Traffic.prop("baseUrl", "http://127.0.0.1:8080");
    static final Dataset DATASET = Dataset.fromSystemProperty();
    static final long FROM = (long) Traffic.number("from", 0);                 // devices used: from … from+files-1
    static final int FILES = (int) Traffic.number("files", 100);
    static final double RATE = Traffic.number("rate", 200);
    static final Duration DURATION = Duration.ofSeconds((long) Traffic.number("duration", 30));
    static final double MIN_SUCCESS_PERCENT = Traffic.number("minSuccessPercent", 100);
    static final int MAX_P99_MS = (int) Traffic.number("p99Ms", 250);

    private List<Map<String, Object>> applied;

    @Override
    public void before() {
        applied = Traffic.applyOnce(BASE_URL, DATASET, FROM, FILES);
    }

    private final ScenarioBuilder storm = scenario("replay storm")
            .feed(Traffic.replays(() -> applied))
            .exec(Traffic.deactivate("replay"));

    {
        setUp(storm.injectOpen(constantUsersPerSec(RATE).during(DURATION)))
                .protocols(Traffic.protocol(BASE_URL))
                .assertions(
                        global().successfulRequests().percent().gte(MIN_SUCCESS_PERCENT),
                        details("replay").responseTime().percentile(99.0).lte(MAX_P99_MS));
    }
}
