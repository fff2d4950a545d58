package dev.licensegateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A new file costs one round trip to PostgreSQL (issue 15): BEGIN, the decision core's call and COMMIT leave the
 * gateway in one flight. Shown by holding every byte PostgreSQL sends back on the connection that carried the
 * file's request id, in the proxy between them: the file is committed — seen by another session — while not one
 * answer has reached the gateway on it, so the gateway cannot have waited for the call's answer before sending
 * COMMIT. (Other connections pass: the health probe's, say.) For the same reason the license lock is held across
 * no network round trip. Then the answers go through and the client gets what happened.
 */
@QuarkusTest
@TestProfile(OneFlightTest.BehindProxy.class)
class OneFlightTest {

    /** DatabaseOutageTest's proxy and pool of one, with a deadline no slow machine reaches while answers are held. */
    public static class BehindProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.reactive.max-size", "1", "gateway.request.deadline", "60S");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(DatabaseOutageTest.ProxyResource.class));
        }
    }

    @AfterEach
    void restore() {
        DatabaseOutageTest.proxy.restore();
    }

    @Test
    void aSingleFileIsCommittedBeforeAnyAnswerReachesTheGateway() {
        TestCompany company = TestCompany.create();
        // Warm: the pool's one connection is open and has the decision statement prepared.
        assertThat(upload(company, company.file("PERP", "hw-1").file()).statusCode()).isEqualTo(200);

        SdkRequestFile file = company.file("PERP", "hw-2");
        DatabaseOutageTest.proxy.holdAnswersAfter(file.requestId());
        CompletableFuture<HttpResponse<String>> answer = Http.sendAsync(
                Http.post(DatabaseOutageTest.PATH, company.headers(), "text/plain", file.file()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> !company.deviceActive("PERP", "hw-2"));
        assertThat(company.count("deactivation_events")).isEqualTo(2);
        assertThat(answer).as("the gateway got no answer from PostgreSQL yet").isNotDone();

        DatabaseOutageTest.proxy.restore();
        HttpResponse<String> response = answer.join();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("license_deactivated");
    }

    private static HttpResponse<String> upload(TestCompany company, String file) {
        return Http.send(Http.post(DatabaseOutageTest.PATH, company.headers(), "text/plain", file));
    }
}
