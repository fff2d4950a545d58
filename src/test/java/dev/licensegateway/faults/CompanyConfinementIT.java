package dev.licensegateway.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.testing.SdkHeaders;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Distribution by company, checked against what PostgreSQL really executes: with {@code auto_explain} logging
 * the plan of every statement, the packaged gateway serves a representative mix of the License API (key-based,
 * user-based with and without a password, consumptions and features, replays, conflicts, every kind of
 * refusal, a batch, an OAuth token and a bearer upload). Each executed statement that touches a distributed
 * table must be confined to one company ({@link ExecutedPlans}): that is what makes every request single-shard
 * when those tables are distributed by {@code company_id} (Citus). Distributed means every table with a
 * {@code company_id} column except the {@link #REFERENCE} tables, so a table added later is checked too.
 */
class CompanyConfinementIT {

    /** Credentials: found by API key or client id before the company is known; small, read-mostly, everywhere. */
    static final Set<String> REFERENCE = Set.of("companies", "shared_keys", "api_keys", "oauth_clients");
    static final String PATH = "/api/v4/deactivate_offline";
    static final java.time.format.DateTimeFormatter IMF = java.time.format.DateTimeFormatter
            .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US).withZone(java.time.ZoneOffset.UTC);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void everyStatementOnTheRequestPathIsConfinedToOneCompany() throws Exception {
        Path bin = PostgresProcess.requireBinaries();
        Path jar = GatewayProcess.requirePackagedJar();
        Path logs = Files.createDirectories(Path.of("target", "faults")).toAbsolutePath();
        TestCompany company = TestCompany.unprovisioned();
        List<ExecutedPlans.Executed> executed;
        Set<String> distributed = new TreeSet<>();
        Map<Integer, Integer> statuses = new LinkedHashMap<>();
        try (PostgresProcess pg = PostgresProcess.start(bin, "shared_preload_libraries=auto_explain",
                "auto_explain.log_format=json", "auto_explain.log_verbose=on",
                "auto_explain.log_nested_statements=on");
             GatewayProcess gateway = new GatewayProcess(jar, PgBouncerIT.fresh(logs.resolve("gateway-confinement.log")), pg.port(),
                     // The password hash of a user-based file is slow on purpose; on a busy machine 2 s is short.
                     // The webhook dispatcher is a background job, not the request path: its poll claims due
                     // deliveries of every company at once (README, Distribution by company), so it is off here.
                     Map.of("GATEWAY_REQUEST_DEADLINE", "30S", "GATEWAY_WEBHOOKS_DISPATCHER_ENABLED", "false"))) {
            gateway.start();
            HttpResponse<String> imported = http.send(HttpRequest.newBuilder(gateway.uri("/admin/v1/import"))
                    .header("Authorization", "Bearer " + GatewayProcess.ADMIN_TOKEN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(company.importDocument())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
            try (Connection db = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "");
                 ResultSet r = db.createStatement().executeQuery("SELECT DISTINCT table_name FROM information_schema.columns "
                         + "WHERE table_schema = 'public' AND column_name = 'company_id'")) {
                while (r.next()) {
                    distributed.add(r.getString(1));
                }
            }
            distributed.removeAll(REFERENCE);
            long from = Files.size(pg.log());
            explainEverything(pg, "0");
            representativeRequests(gateway, company, statuses);
            sabotage(pg, company);
            explainEverything(pg, "-1");
            executed = ExecutedPlans.read(pg.log(), from);
            Files.copy(pg.log(), logs.resolve("confinement-postgres.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        Map<String, List<String>> problems = new LinkedHashMap<>();
        Map<String, Set<String>> tablesByStatement = new LinkedHashMap<>();
        Map<String, List<String>> caught = new LinkedHashMap<>();
        for (ExecutedPlans.Executed e : executed) {
            String sql = e.sql().strip().replaceAll("\\s+", " ");
            if (sql.startsWith(SABOTAGE)) {
                caught.put(sql, ExecutedPlans.problems(e, distributed));
                continue;
            }
            Set<String> touched = ExecutedPlans.touched(e, distributed);
            if (touched.isEmpty()) {
                continue;
            }
            tablesByStatement.computeIfAbsent(sql, k -> new TreeSet<>()).addAll(touched);
            List<String> found = ExecutedPlans.problems(e, distributed);
            if (!found.isEmpty()) {
                problems.computeIfAbsent(sql, k -> new ArrayList<>()).addAll(found);
            }
        }
        StringBuilder out = new StringBuilder("=== statements executed on the request path, checked for one company each\n");
        out.append("distributed tables (company_id, not reference): ").append(distributed).append('\n');
        out.append("reference tables: ").append(new TreeSet<>(REFERENCE)).append('\n');
        out.append("answers: ").append(statuses).append('\n');
        out.append(String.format("executed plans %d, distinct statements touching distributed tables %d, not confined %d%n",
                executed.size(), tablesByStatement.size(), problems.size()));
        tablesByStatement.forEach((sql, tables) -> out.append(problems.containsKey(sql) ? "  NOT CONFINED " : "  ok ")
                .append(tables).append(' ').append(sql, 0, Math.min(sql.length(), 140)).append('\n'));
        problems.forEach((sql, p) -> out.append("  ").append(sql).append("\n    ").append(p).append('\n'));
        out.append("sabotaged statements (no company_id; a join not on company_id) caught: ")
                .append(caught.values().stream().filter(p -> !p.isEmpty()).count()).append(" of ").append(caught.size()).append('\n');
        caught.forEach((sql, p) -> out.append("  ").append(p).append('\n'));
        System.out.println(out);
        Files.writeString(logs.resolve("confinement-summary.txt"), out);

        assertThat(problems).as("statements not confined to one company").isEmpty();
        // The check must be able to fail: a lookup without company_id and a join that is not on company_id.
        assertThat(caught).as("the sabotaged statements, each caught").hasSize(2).allSatisfy((sql, p) -> assertThat(p).isNotEmpty());
        // The run must really have reached the tables a deactivation writes, or the check proves nothing.
        Set<String> reached = new TreeSet<>();
        tablesByStatement.values().forEach(reached::addAll);
        assertThat(reached).contains("licenses", "devices", "deactivation_requests", "deactivation_events",
                "license_features", "license_users", "products");
        assertThat(statuses).containsKeys(200, 400);
    }

    static final String SABOTAGE = "/* sabotage */";

    /** Two statements a careless change could bring to the request path, run by the test itself. */
    private static void sabotage(PostgresProcess pg, TestCompany company) throws Exception {
        try (Connection db = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "")) {
            for (String sql : List.of(
                    SABOTAGE + " SELECT device_id FROM devices WHERE hardware_id = ? AND active",
                    SABOTAGE + " SELECT d.device_id FROM devices d JOIN licenses l ON l.license_id = d.license_id "
                            + "WHERE d.company_id = ? AND l.license_key = 'PERP'")) {
                try (java.sql.PreparedStatement statement = db.prepareStatement(sql)) {
                    statement.setString(1, sql.contains("company_id") ? company.code : "hw-2");
                    statement.executeQuery().close();
                }
            }
        }
    }

    private static void explainEverything(PostgresProcess pg, String minDuration) throws Exception {
        try (Connection db = DriverManager.getConnection(pg.jdbcUrl(), "postgres", "")) {
            db.createStatement().execute("ALTER SYSTEM SET auto_explain.log_min_duration = " + minDuration);
            db.createStatement().execute("SELECT pg_reload_conf()");
        }
        Thread.sleep(500); // every backend rereads the configuration before its next statement
    }

    /** Uploads of every kind the License API takes, answered as they must be. */
    private void representativeRequests(GatewayProcess gateway, TestCompany c, Map<Integer, Integer> statuses) throws Exception {
        SdkRequestFile perp = c.file("PERP", "hw-1");
        upload(gateway, c, perp.file(), 200, statuses);
        upload(gateway, c, perp.file(), 200, statuses); // replay
        upload(gateway, c, c.file("CONS", "hw-1").consumptions(3).feature("render-minutes", 2).file(), 200, statuses);
        upload(gateway, c, c.file("CONS", "hw-2").with("request_id", perp.requestId()).file(), 409, statuses); // conflict
        upload(gateway, c, c.file("CONS", "ghost").file(), 400, statuses);
        upload(gateway, c, c.file("NOPE", "hw-1").file(), 400, statuses);
        upload(gateway, c, SdkRequestFile.keyBased(c.sharedKey, c.apiKey, "nothing", "PERP", "hw-2").file(), 400, statuses);
        upload(gateway, c, c.file("CONS", "hw-3").consumptions(1_000).file(), 400, statuses);
        upload(gateway, c, c.file("OFF", "hw-1").file(), 400, statuses);
        upload(gateway, c, SdkRequestFile.userBased(c.sharedKey, c.apiKey, "cloud", c.username(), "hw-1").file(), 200, statuses);
        upload(gateway, c, SdkRequestFile.userBased(c.sharedKey, c.apiKey, "cloud", c.username(), "hw-2")
                .with("password", "pw-" + c.code).file(), 200, statuses);
        String batch = String.join("\n", c.file("TIMED", "hw-1").file(), c.file("SUB", "hw-1").file(),
                c.file("CONS", "hw-4").consumptions(1).file(), perp.file(), c.file("CONS", "ghost-2").file(),
                SdkRequestFile.userBased(c.sharedKey, c.apiKey, "cloud", c.username(), "hw-3").file()) + "\n";
        record(statuses, send(gateway, PATH + "/batch", SdkHeaders.apiKey(c.sharedKey, c.apiKey), "application/x-ndjson", batch), 200);
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(c.clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(c.clientSecret, StandardCharsets.UTF_8);
        HttpResponse<String> token = send(gateway, "/api/v4/oauth/token", Map.of(), "application/x-www-form-urlencoded", form);
        record(statuses, token, 200);
        String bearer = new ObjectMapper().readTree(token.body()).path("access_token").asText();
        SdkRequestFile oauth = SdkRequestFile.keyBased(c.clientSecret, null, "studio", "TRIAL", "hw-1")
                .without("api_key").with("client_id", c.clientId);
        record(statuses, send(gateway, PATH, Map.of("Authorization", "Bearer " + bearer,
                "Date", IMF.format(java.time.Instant.now())),
                "text/plain", oauth.file()), 200);
    }

    private void upload(GatewayProcess gateway, TestCompany c, String file, int expected, Map<Integer, Integer> statuses)
            throws Exception {
        record(statuses, send(gateway, PATH, SdkHeaders.apiKey(c.sharedKey, c.apiKey), "text/plain", file), expected);
    }

    private HttpResponse<String> send(GatewayProcess gateway, String path, Map<String, String> headers, String type, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void record(Map<Integer, Integer> statuses, HttpResponse<String> response, int expected) {
        assertThat(response.statusCode()).as("%s: %s", response.request().uri(), response.body()).isEqualTo(expected);
        statuses.merge(response.statusCode(), 1, Integer::sum);
    }
}
