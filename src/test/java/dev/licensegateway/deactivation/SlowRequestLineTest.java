package dev.licensegateway.deactivation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.TestCompany;
import dev.licensegateway.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A single file slower than {@code gateway.request.slow-threshold} (1 s) leaves one INFO line saying where its
 * time went (issue 15). Here the time goes, certainly, to the license row lock: another session holds it until
 * the request has been seen waiting for it and a further 1.2 s have passed. The line must name that wait as the
 * decision statement's lock wait, and its parts must add up to the whole.
 */
@QuarkusTest
class SlowRequestLineTest {

    static final String PATH = "/api/v4/deactivate_offline";
    static final Pattern MS = Pattern.compile("([0-9]+\\.[0-9]{2})");
    /** How far apart PostgreSQL's wall clock and the JVM's monotonic clock may run over one slow request. */
    private static final double CLOCKS_APART_MS = 25;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        Logger.getLogger("dev.licensegateway.requests").addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("dev.licensegateway.requests").removeHandler(capture);
    }

    @Test
    void aRequestThatWaitedForTheLicenseLockSaysSoInItsSlowLine() throws Exception {
        TestCompany company = TestCompany.create();
        String file = company.file("PERP", "hw-1").file();
        CompletableFuture<HttpResponse<String>> answer;
        try (Connection holder = TestDatabase.get().connect(); Connection watcher = TestDatabase.get().connect()) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT 1 FROM licenses WHERE company_id = ? AND license_key = 'PERP' FOR UPDATE")) {
                lock.setString(1, company.code);
                lock.executeQuery();
            }
            answer = Http.sendAsync(Http.post(PATH, company.headers(), "text/plain", file));
            // Polled from a connection of its own: within a transaction, pg_stat_activity is read once and kept.
            await().atMost(Duration.ofSeconds(10)).until(() -> TestDatabase.backendsWaitingForLocks(watcher) == 1);
            Thread.sleep(1_200);
            holder.commit();
        }
        assertThat(answer.get().statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream().anyMatch(l -> l.startsWith("slow request:")));
        String line = lines.stream().filter(l -> l.startsWith("slow request:")).findFirst().orElseThrow();
        assertThat(line).contains("deactivate_offline 200 deactivated company=" + company.code)
                .contains(" read ", " verify ", " prepare ", " lane wait ", " pool wait ", " first flight ",
                        " commit ", " rest ");
        double total = number(line, "request_id=\\S+ ");
        double lockWait = number(line, "of it lock wait ");
        double inPostgres = number(line, "\\(in PostgreSQL ");
        double firstFlight = number(line, " first flight ");
        assertThat(lockWait).as(line).isGreaterThanOrEqualTo(1_200);
        assertThat(inPostgres).as(line).isGreaterThanOrEqualTo(lockWait);
        // Across two clocks: PostgreSQL's figures are differences of its wall clock, the flight's of the JVM's
        // monotonic one. On a loaded VM the two disagreed by 5 ms over one 1.3 s request (CI, 2026-12-02), so
        // "inside the first flight" is held to within CLOCKS_APART_MS.
        assertThat(firstFlight).as(line).isGreaterThanOrEqualTo(inPostgres - CLOCKS_APART_MS);
        double parts = 0;
        for (String part : List.of(" read ", " verify ", " prepare ", " lane wait ", " pool wait ", " first flight ",
                " commit ", " rest ")) {
            parts += number(line, Pattern.quote(part));
        }
        // Each part is rounded down to 0.01 ms on its own.
        assertThat(parts).as(line).isBetween(total - 0.1, total + 0.01);
    }

    private static double number(String line, String before) {
        Matcher m = Pattern.compile(before + MS.pattern()).matcher(line);
        assertThat(m.find()).as("'%s' followed by a figure in: %s", before, line).isTrue();
        return Double.parseDouble(m.group(1));
    }

}
