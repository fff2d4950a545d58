package dev.licensegateway.load.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.licensegateway.load.Dataset;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import java.time.Duration;

/**
 * Fleet operators uploading folders: {@code rate} batch calls per second to
 * {@code POST /api/v4/deactivate_offline/batch}, each an NDJSON body of {@code batchSize} new files (distinct
 * devices), every result line expected 200. When the endpoint answers 404 (a build without it), prints
 * "batch: endpoint not available" and only checks that answer.
 */
public class BatchDeactivation extends Simulation {

    static final String BASE_URL = Traffic.prop("baseUrl", "http://127.0.0.1:8080");
    static final Dataset DATASET = Dataset.fromSystemProperty();
    static final long FROM = (long) Traffic.number("from", 0);
    static final int BATCH_SIZE = (int) Traffic.number("batchSize", 100);
    static final double RATE = Traffic.number("rate", 5);                      // batch calls per second
    static final Duration DURATION = Duration.ofSeconds((long) Traffic.number("duration", 30));
    static final double V2_SHARE = Traffic.number("v2Share", 0.5);
    static final double MIN_SUCCESS_PERCENT = Traffic.number("minSuccessPercent", 99.9);
    static final int MAX_P99_MS = (int) Traffic.number("p99Ms", 5000);
    static final boolean AVAILABLE = Traffic.batchAvailable(BASE_URL, DATASET);

    {
        if (AVAILABLE) {
            ScenarioBuilder batches = scenario("batch")
                    .feed(Traffic.batches(DATASET, FROM, BATCH_SIZE, V2_SHARE))
                    .exec(Traffic.batch("batch"));
            setUp(batches.injectOpen(constantUsersPerSec(RATE).during(DURATION)))
                    .protocols(Traffic.protocol(BASE_URL))
                    .assertions(
                            global().successfulRequests().percent().gte(MIN_SUCCESS_PERCENT),
                            details("batch").responseTime().percentile(99.0).lte(MAX_P99_MS));
        } else {
            System.out.println("batch: endpoint not available");
            ScenarioBuilder probe = scenario("batch endpoint not available")
                    .exec(http("batch probe").post(Traffic.BATCH).check(status().is(404)));
            setUp(probe.injectOpen(atOnceUsers(1))).protocols(Traffic.protocol(BASE_URL));
        }
    }
}
