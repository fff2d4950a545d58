package dev.licensegateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional per-key rate limit: past the burst, 429 rate_limited with Retry-After, and nothing written. */
@QuarkusTest
@TestProfile(RateLimitTest.Limited.class)
class RateLimitTest {

    /** One request per second, a burst of three. */
    public static class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.rate-limit.per-key", "1", "gateway.rate-limit.burst", "3");
        }
    }

    @Test
    void aKeyPastItsBurstIsToldToComeBackLater() {
        TestCompany company = TestCompany.create();
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            responses.add(Http.send(Http.post("/api/v4/deactivate_offline", company.headers(), "text/plain",
                    company.file("PERP", "hw-" + Math.min(i, 3)).with("request_id", "r-" + i).file())));
        }
        assertThat(responses.subList(0, 3)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        HttpResponse<String> limited = responses.get(4);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.body()).contains("\"code\":\"rate_limited\"");
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(company.count("deactivation_events")).isEqualTo(3);
    }
}
