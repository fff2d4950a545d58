package dev.licensegateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.SdkHeaders;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Does the answer's timing tell an attacker what exists? Unknown API key, unknown license and bad signature
 * (and, for comparison, a known license with an unknown device) are sent interleaved, many times each, and
 * the medians and 90th percentiles are printed side by side. A measurement, not a timed assertion: only the
 * codes are asserted. Samples per scenario: {@code -Dtiming.samples} (default 300).
 */
@QuarkusTest
class ResponseTimingTest {

    record Scenario(String name, String code, IntFunction<java.net.http.HttpRequest> request) {
    }

    @Test
    void refusalsThatCouldRevealExistenceAnswerInComparableTime() {
        TestCompany c = TestCompany.create(false, 3);
        String path = HostileCase.PATH;
        String unknownKey = TestCompany.random("ak-unknown-");
        List<Scenario> scenarios = List.of(
                new Scenario("unknown api key (same key again)", "invalid_api_key", i -> Http.post(path,
                        SdkHeaders.apiKey(c.sharedKey, unknownKey), "text/plain", c.file("PERP", "hw-404").file())),
                new Scenario("unknown api key (a new key each time)", "invalid_api_key", i -> Http.post(path,
                        SdkHeaders.apiKey(c.sharedKey, unknownKey + "-" + i), "text/plain", c.file("PERP", "hw-404").file())),
                new Scenario("bad header signature", "signature_mismatch", i -> Http.post(path,
                        SdkHeaders.apiKey("not-the-shared-key", c.apiKey), "text/plain", c.file("PERP", "hw-404").file())),
                new Scenario("bad inner signature", "signature_mismatch", i -> Http.post(path, c.headers(), "text/plain",
                        c.file("PERP", "hw-404").with("signature", SdkRequestFile.base64Hmac("forged", "x")).file())),
                new Scenario("unknown license", "license_not_found", i -> Http.post(path, c.headers(), "text/plain",
                        c.file("NOPE-" + i, "hw-1").file())),
                new Scenario("known license, unknown device", "device_not_found", i -> Http.post(path, c.headers(),
                        "text/plain", c.file("PERP", "hw-404-" + i).file())));
        int samples = Integer.getInteger("timing.samples", 300);
        int warmup = 50;
        Map<Scenario, long[]> nanos = new LinkedHashMap<>();
        scenarios.forEach(s -> nanos.put(s, new long[samples]));
        for (int i = -warmup; i < samples; i++) {
            for (Scenario s : scenarios) {
                java.net.http.HttpRequest request = s.request().apply(i + warmup);
                long start = System.nanoTime();
                HttpResponse<String> response = Http.send(request);
                long took = System.nanoTime() - start;
                assertThat(response.body()).as(s.name()).contains("\"code\":\"" + s.code() + "\"");
                if (i >= 0) {
                    nanos.get(s)[i] = took;
                }
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%-40s %-28s %10s %10s %10s", "scenario (" + samples + " samples each)", "code",
                "median ms", "p90 ms", "p99 ms"));
        nanos.forEach((s, values) -> {
            long[] sorted = values.clone();
            Arrays.sort(sorted);
            lines.add(String.format("%-40s %-28s %10.3f %10.3f %10.3f", s.name(), s.code(), ms(sorted, 0.5), ms(sorted, 0.9),
                    ms(sorted, 0.99)));
        });
        System.out.println("=== response timing (loopback, interleaved)\n" + String.join("\n", lines));
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(quantile * sorted.length))] / 1e6;
    }
}
