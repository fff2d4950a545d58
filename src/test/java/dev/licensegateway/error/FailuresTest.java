package dev.licensegateway.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.pgclient.PgException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which database failures answer 503 (nothing applied, try again) and which are our own 500. */
class FailuresTest {

    @ParameterizedTest(name = "SQLSTATE {0} → {1}")
    @CsvSource({
            "08006, service_unavailable",   // connection failure
            "57P01, service_unavailable",   // admin shutdown
            "57014, service_unavailable",   // statement timeout
            "55P03, service_unavailable",   // lock timeout
            "40P01, service_unavailable",   // deadlock victim
            "53300, service_unavailable",   // too many connections
            "26000, service_unavailable",   // prepared statement missing: a transaction-mode pooler, statement cache on
            "42P05, service_unavailable",   // prepared statement already exists: the same misconfiguration
            "22003, internal_error",        // numeric out of range: our bug, never the client's retry
            "42703, internal_error",        // undefined column: our bug
    })
    void aDatabaseErrorIsAnsweredByWhatItMeansForTheClient(String sqlState, String code) {
        PgException failure = new PgException("message not shown", "ERROR", sqlState, null);
        assertThat(Failures.classify(failure).code().code()).isEqualTo(code);
        assertThat(Failures.classify(new CompletionException(failure)).code().code()).isEqualTo(code);
    }
}
