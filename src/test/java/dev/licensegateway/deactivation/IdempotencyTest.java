package dev.licensegateway.deactivation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SPEC §5: a request id applies once; a replay answers 200 without re-applying; a reuse is a conflict. */
@QuarkusTest
class IdempotencyTest {

    static final String PATH = "/api/v4/deactivate_offline";

    TestCompany company;

    @BeforeEach
    void provision() {
        company = TestCompany.create();
    }

    @Test
    void replayedFileIsAnsweredWithoutReapplying() {
        String file = company.file("CONS", "hw-1").consumptions(5).feature("render-minutes", 2).file();
        assertThat(upload(file).statusCode()).isEqualTo(200);
        String after = company.snapshot();

        HttpResponse<String> replay = upload(file);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo("license_deactivated");
        assertThat(company.snapshot()).isEqualTo(after);
        assertThat(company.totalConsumptions("CONS")).isEqualTo(5);
        assertThat(company.featureTotal("CONS", "render-minutes")).isEqualTo(2);
    }

    /**
     * Every pooled connection that once decided a file and is then used for a replay answers it (the decision
     * statement reads back the lock wait its own call set; on such a connection the setting is '' when unset).
     */
    @Test
    void replaysOnConnectionsThatDecidedBeforeAreAnswered() {
        java.util.List<String> files = java.util.stream.IntStream.rangeClosed(1, 3)
                .mapToObj(i -> company.file("PERP", "hw-" + i).file()).toList();
        for (String file : files) {
            assertThat(upload(file).statusCode()).isEqualTo(200);
        }
        String after = company.snapshot();
        for (int round = 0; round < 15; round++) {
            for (String file : files) {
                HttpResponse<String> replay = upload(file);
                assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
                assertThat(replay.body()).isEqualTo("license_deactivated");
            }
        }
        assertThat(company.snapshot()).isEqualTo(after);
    }

    @Test
    void anOldFileNeverDeactivatesANewerActivation() {
        String file = company.file("PERP", "hw-1").file();
        assertThat(upload(file).statusCode()).isEqualTo(200);
        company.one("""
                WITH x AS (INSERT INTO devices (company_id, license_id, hardware_id, active)
                           SELECT company_id, license_id, 'hw-1', true FROM licenses WHERE company_id = ? AND license_key = 'PERP'
                           RETURNING 1)
                SELECT count(*) FROM x""");
        assertThat(company.deviceActive("PERP", "hw-1")).isTrue();

        assertThat(upload(file).statusCode()).isEqualTo(200);
        assertThat(company.deviceActive("PERP", "hw-1")).isTrue();
        assertThat(company.count("deactivation_events")).isEqualTo(1);
    }

    @Test
    void aRequestIdReusedWithAnotherPayloadIsAConflict() {
        SdkRequestFile first = company.file("PERP", "hw-1");
        assertThat(upload(first.file()).statusCode()).isEqualTo(200);
        HttpResponse<String> reuse = upload(company.file("PERP", "hw-2").with("request_id", first.requestId()).file());
        assertThat(reuse.statusCode()).isEqualTo(409);
        assertThat(reuse.body()).contains("request_id_conflict");
        assertThat(company.deviceActive("PERP", "hw-2")).isTrue();
    }

    @Test
    void anAppliedInnerSignatureIsNeverAppliedAgainUnderANewRequestId() {
        SdkRequestFile captured = company.file("CONS", "hw-1").consumptions(1);
        assertThat(upload(captured.file()).statusCode()).isEqualTo(200);
        String signature = (String) captured.request().get("signature");

        // The device is activated again; the captured v1 file is re-sent with a new request id and more consumption.
        company.one("""
                WITH x AS (INSERT INTO devices (company_id, license_id, hardware_id, active)
                           SELECT company_id, license_id, 'hw-1', true FROM licenses WHERE company_id = ? AND license_key = 'CONS'
                           RETURNING 1)
                SELECT count(*) FROM x""");
        SdkRequestFile edited = company.file("CONS", "hw-1").with("date", captured.request().get("date"))
                .with("signature", signature).with("request_id", "forged-" + captured.requestId()).consumptions(90);
        HttpResponse<String> response = upload(edited.file());
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("request_id_conflict");
        assertThat(company.totalConsumptions("CONS")).isEqualTo(1);
        assertThat(company.deviceActive("CONS", "hw-1")).isTrue();
    }

    @Test
    void aRefusedRequestConsumedNothingAndWorksOnceTheCauseIsFixed() {
        String file = company.file("OFF", "hw-1").file();
        assertThat(upload(file).statusCode()).isEqualTo(400);
        company.one("WITH x AS (UPDATE licenses SET enabled = true WHERE company_id = ? AND license_key = 'OFF' RETURNING 1) "
                + "SELECT count(*) FROM x");
        assertThat(upload(file).statusCode()).isEqualTo(200);
        assertThat(company.deviceActive("OFF", "hw-1")).isFalse();
    }

    private HttpResponse<String> upload(String file) {
        return Http.send(Http.post(PATH, company.headers(), "text/plain", file));
    }
}
