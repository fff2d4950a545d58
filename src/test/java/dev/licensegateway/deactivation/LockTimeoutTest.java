package dev.licensegateway.deactivation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.TestCompany;
import dev.licensegateway.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.junit.jupiter.api.Test;

/**
 * Bounded waits in PostgreSQL (issue 13): a license locked by another session (a devices:bulk upload, an
 * operator's transaction) makes a deactivation wait at most {@code gateway.database.lock-timeout}; the answer
 * is 503 with Retry-After from PostgreSQL's own timeout (not the gateway's deadline), nothing is written, and no
 * backend is left waiting for the lock.
 */
@QuarkusTest
class LockTimeoutTest {

    static final String PATH = "/api/v4/deactivate_offline";

    @Test
    void aHeldLicenseLockGives503AndLeavesNoBackendWaiting() throws Exception {
        TestCompany company = TestCompany.create();
        String file = company.file("PERP", "hw-1").file();
        try (Connection holder = TestDatabase.get().connect()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT 1 FROM licenses WHERE company_id = ? AND license_key = 'PERP' FOR UPDATE")) {
                lock.setString(1, company.code);
                lock.executeQuery();
            }
            HttpResponse<String> response = Http.send(Http.post(PATH, company.headers(), "text/plain", file));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(response.body()).contains("\"code\":\"service_unavailable\"")
                    // The deadline's own answer says "did not complete in time": this one is PostgreSQL's timeout.
                    .doesNotContain("did not complete in time");
            Thread.sleep(1_000);
            assertThat(TestDatabase.backendsWaitingForLocks(holder)).as("backends still waiting for a lock a second later").isZero();
            holder.rollback();
        }
        assertThat(company.deviceActive("PERP", "hw-1")).isTrue();
        assertThat(company.count("deactivation_requests")).isZero();
        // The lock released, the same file goes through.
        assertThat(Http.send(Http.post(PATH, company.headers(), "text/plain", file)).statusCode()).isEqualTo(200);
    }

}
