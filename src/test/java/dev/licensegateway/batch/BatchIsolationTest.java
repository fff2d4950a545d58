package dev.licensegateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Per-file truth in a batch (issue 13): one file's failure never changes another's answer, later chunks are
 * still tried, and every answer line is what happened to its file, checked against the rows afterwards.
 */
@QuarkusTest
class BatchIsolationTest {

    static final String BATCH = "/api/v4/deactivate_offline/batch";

    @Test
    void aMixedBatchOf300FilesAnswersEachFileTruthfully() throws Exception {
        MixedBatch batch = new MixedBatch(false);
        HttpResponse<String> response = Http.send(Http.post(BATCH, batch.company.headers(), "application/x-ndjson",
                batch.body()));
        assertThat(response.statusCode()).isEqualTo(200);
        batch.assertTruthful(response.body(), Set.of());
        assertThat(response.body()).doesNotContain("internal_error").doesNotContain("service_unavailable");
    }

    @Test
    void aLicenseLockedPastTheLockTimeoutFailsOnlyItsOwnFiles() throws Exception {
        MixedBatch batch = new MixedBatch(true);
        try (Connection holder = TestDatabase.get().connect()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT 1 FROM licenses WHERE company_id = ? AND license_key = 'PERP' FOR UPDATE")) {
                lock.setString(1, batch.company.code);
                lock.executeQuery();
            }
            HttpResponse<String> response = Http.send(Http.post(BATCH, batch.company.headers(), "application/x-ndjson",
                    batch.body()));
            assertThat(response.statusCode()).isEqualTo(200);
            holder.rollback();
            batch.assertTruthful(response.body(), Set.of());
        }
        assertThat(batch.company.timesActivated("PERP")).isEqualTo(3);
    }
}
