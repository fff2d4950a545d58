package dev.licensegateway.deactivation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Simultaneous uploads: exactly one applies, totals count once, and every duplicate still answers 200. */
@QuarkusTest
class ConcurrencyTest {

    static final String PATH = "/api/v4/deactivate_offline";
    static final int PARALLEL = 32;
    static final int ROUNDS = 50;
    static final DateTimeFormatter IMF =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    @Test
    void thirtyTwoSimultaneousUploadsOfOneFileApplyOnce() {
        TestCompany company = TestCompany.create(false, ROUNDS);
        for (int round = 1; round <= ROUNDS; round++) {
            String hardwareId = "hw-" + round;
            String file = company.file("CONS", hardwareId).consumptions(1).feature("render-minutes", 1).file();
            HttpRequest request = Http.post(PATH, company.headers(), "text/plain", file);
            List<HttpResponse<String>> responses = all(IntStream.range(0, PARALLEL).mapToObj(i -> Http.sendAsync(request)).toList());

            assertThat(responses).as("round " + round).allSatisfy(r -> {
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("license_deactivated");
            });
            assertThat(company.deviceActive("CONS", hardwareId)).isFalse();
        }
        assertThat(company.count("deactivation_requests")).isEqualTo(ROUNDS);
        assertThat(company.count("deactivation_events")).isEqualTo(ROUNDS);
        assertThat(company.totalConsumptions("CONS")).isEqualTo(ROUNDS);
        assertThat(company.featureTotal("CONS", "render-minutes")).isEqualTo(ROUNDS);
        assertThat(company.timesActivated("CONS")).isZero();
    }

    @Test
    void thirtyTwoDifferentFilesForOneDeviceDeactivateItOnce() {
        TestCompany company = TestCompany.create(false, 3);
        // Each file written at another moment, as a device would: their inner signatures differ.
        Instant now = Instant.now();
        List<HttpRequest> requests = IntStream.range(0, PARALLEL)
                .mapToObj(i -> Http.post(PATH, company.headers(), "text/plain",
                        company.file("CONS", "hw-1").with("date", IMF.format(now.minusSeconds(10L * i)))
                                .consumptions(i % 3 + 1).file()))
                .toList();
        List<HttpResponse<String>> responses = all(requests.stream().map(Http::sendAsync).toList());

        Map<Integer, Long> byStatus = responses.stream().collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertThat(byStatus).containsEntry(200, 1L).containsEntry(400, (long) PARALLEL - 1);
        assertThat(responses).filteredOn(r -> r.statusCode() == 400)
                .allSatisfy(r -> assertThat(r.body()).contains("\"code\":\"device_not_found\""));
        long applied = Long.parseLong(company.one("SELECT coalesce(sum(consumptions), 0) FROM deactivation_events WHERE company_id = ?"));
        assertThat(company.totalConsumptions("CONS")).isEqualTo(applied).isBetween(1L, 3L);
        assertThat(company.count("deactivation_requests")).isEqualTo(1);
        assertThat(company.timesActivated("CONS")).isEqualTo(2);
    }

    private static <T> List<T> all(List<CompletableFuture<T>> futures) {
        return futures.stream().map(CompletableFuture::join).map(Function.identity()).toList();
    }
}
