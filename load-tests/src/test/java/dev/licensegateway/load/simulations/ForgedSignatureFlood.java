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
 * An attacker who knows an API key (it travels in clear) but not the shared key floods the endpoint with
 * well-formed files: every request must be refused 400 {@code signature_mismatch}, cheaply, and nothing may
 * change. {@code forge=header} (default) signs the Authorization header with a wrong key;
 * {@code forge=file} sends a valid header with a file signed by a wrong key.
 */
public class ForgedSignatureFlood extends Simulation {

    static final String BASE_URL = Traffic.prop("baseUrl", "http://127.0.0.1:8080");
    static final Dataset DATASET = Dataset.fromSystemProperty();
    static final long FROM = (long) Traffic.number("from", 0);                 // devices named in the files
    static final long SPAN = (long) Traffic.number("span", 1000);
    static final String FORGE = Traffic.prop("forge", "header");
    static final double RATE = Traffic.number("rate", 500);
    static final Duration DURATION = Duration.ofSeconds((long) Traffic.number("duration", 30));
    static final double MIN_SUCCESS_PERCENT = Traffic.number("minSuccessPercent", 100);
    static final int MAX_P99_MS = (int) Traffic.number("p99Ms", 250);

    private final ScenarioBuilder flood = scenario("forged-signature flood")
            .feed(Traffic.forged(DATASET, FROM, SPAN, FORGE))
            .exec(Traffic.rejected("forged", "signature_mismatch"));

    {
        setUp(flood.injectOpen(constantUsersPerSec(RATE).during(DURATION)))
                .protocols(Traffic.protocol(BASE_URL))
                .assertions(
                        global().successfulRequests().percent().gte(MIN_SUCCESS_PERCENT),
                        details("forged").responseTime().percentile(99.0).lte(MAX_P99_MS));
    }
}
