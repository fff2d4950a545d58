package dev.licensegateway.deactivation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Many single uploads of one license at once (issue 15): they are decided together, a group per transaction
 * (LicenseLanes), yet each answer is what happened to that file. CONS allows 110 consumptions (100 plus 10
 * overages): of 150 files consuming one each, exactly 110 apply and 40 are refused; files naming no active device
 * are refused; a file sent twice at once applies once and both answers agree.
 */
@QuarkusTest
class HotLicenseTest {

    static final String PATH = "/api/v4/deactivate_offline";

    @Test
    void simultaneousFilesOfOneLicenseAreEachAnsweredTruthfully() {
        TestCompany company = TestCompany.create(false, 150);
        long activeBefore = company.timesActivated("CONS");
        List<String> files = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            files.add(company.file("CONS", "hw-" + i).consumptions(1).file());
        }
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> twins = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> unknown = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            answers.add(Http.sendAsync(Http.post(PATH, company.headers(), "text/plain", files.get(i))));
            if (i < 20) {
                twins.add(Http.sendAsync(Http.post(PATH, company.headers(), "text/plain", files.get(i))));
            }
            if (i % 15 == 0) {
                unknown.add(Http.sendAsync(Http.post(PATH, company.headers(), "text/plain",
                        company.file("CONS", "no-such-device-" + i).file())));
            }
        }
        long applied = answers.stream().filter(a -> a.join().statusCode() == 200).count();
        assertThat(applied).isEqualTo(110);
        assertThat(answers).filteredOn(a -> a.join().statusCode() != 200)
                .allSatisfy(a -> assertThat(a.join().body()).contains("\"code\":\"license_not_enough_consumptions\""));
        for (int i = 0; i < twins.size(); i++) {
            assertThat(twins.get(i).join().statusCode()).as("twin of file %d", i).isEqualTo(answers.get(i).join().statusCode());
        }
        assertThat(unknown).allSatisfy(a -> assertThat(a.join().body()).contains("\"code\":\"device_not_found\""));

        assertThat(company.count("deactivation_requests")).isEqualTo(110);
        assertThat(company.count("deactivation_events")).isEqualTo(110);
        assertThat(company.totalConsumptions("CONS")).isEqualTo(110);
        assertThat(company.timesActivated("CONS")).isEqualTo(activeBefore - 110);
    }
}
