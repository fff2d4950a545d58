package dev.licensegateway.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.licensegateway.load.Dataset;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A day in production, all at once: new deactivations (70 % of {@code rate}), replays of applied files
 * (15 %), a forged-signature flood (10 %) and, when the endpoint exists, batch calls (5 %, {@code batchSize}
 * files each). Each kind is asserted on its own. Devices: fleet from {@code from}, replays the next
 * {@code replayFiles}, batches after them (set {@code from} past what earlier runs used).
 */
public class MixedTraffic extends Simulation {

    static final String BASE_URL = Traffic.prop("baseUrl", "http://127.0.0.1:8080");
    static final Dataset DATASET = Dataset.fromSystemProperty();
    static final long FROM = (long) Traffic.number("from", 0);
    static final double RATE = Traffic.number("rate", 100);                    // requests per second, all kinds
    static final Duration DURATION = Duration.ofSeconds((long) Traffic.number("duration", 60));
    static final int REPLAY_FILES = (int) Traffic.number("replayFiles", 50);
    static final int BATCH_SIZE = (int) Traffic.number("batchSize", 20);
    static final double MIN_SUCCESS_PERCENT = Traffic.number("minSuccessPercent", 99.9);
    static final int MAX_P99_MS = (int) Traffic.number("p99Ms", 250);
    static final boolean BATCH = Traffic.batchAvailable(BASE_URL, DATASET);

    // Device ranges: fleet gets RATE * 0.7 * DURATION (+ slack), replays and batches follow.
    static final long FLEET_DEVICES = (long) Math.ceil(RATE * 0.7 * DURATION.toSeconds() * 1.1) + 10;
    static final long REPLAY_FROM = FROM + FLEET_DEVICES;
    static final long BATCH_FROM = REPLAY_FROM + REPLAY_FILES;

    private List<Map<String, Object>> applied;

    @Override
    public void before() {
        applied = Traffic.applyOnce(BASE_URL, DATASET, REPLAY_FROM, REPLAY_FILES);
        if (!BATCH) {
            System.out.println("batch: endpoint not available");
        }
    }

    {
        ScenarioBuilder fleet = scenario("fleet").feed(Traffic.distinctDevices(DATASET, FROM, 0.5))
                .exec(Traffic.deactivate("deactivate"));
        ScenarioBuilder replays = scenario("replays").feed(Traffic.replays(() -> applied))
                .exec(Traffic.deactivate("replay"));
        ScenarioBuilder forged = scenario("forged").feed(Traffic.forged(DATASET, FROM, 1000, "header"))
                .exec(Traffic.rejected("forged", "signature_mismatch"));

        List<PopulationBuilder> populations = new ArrayList<>(List.of(
                fleet.injectOpen(constantUsersPerSec(RATE * 0.70).during(DURATION)),
                replays.injectOpen(constantUsersPerSec(RATE * 0.15).during(DURATION)),
                forged.injectOpen(constantUsersPerSec(RATE * 0.10).during(DURATION))));
        if (BATCH) {
            ScenarioBuilder batches = scenario("batches").feed(Traffic.batches(DATASET, BATCH_FROM, BATCH_SIZE, 0.5))
                    .exec(Traffic.batch("batch"));
            populations.add(batches.injectOpen(constantUsersPerSec(RATE * 0.05).during(DURATION)));
        }
        setUp(populations)
                .protocols(Traffic.protocol(BASE_URL))
                .assertions(
                        details("deactivate").successfulRequests().percent().gte(MIN_SUCCESS_PERCENT),
                        details("replay").successfulRequests().percent().gte(MIN_SUCCESS_PERCENT),
                        details("forged").successfulRequests().percent().gte(MIN_SUCCESS_PERCENT),
                        details("deactivate").responseTime().percentile(99.0).lte(MAX_P99_MS));
    }
}
