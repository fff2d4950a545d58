package dev.licensegateway.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import dev.licensegateway.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A 300-file batch mixing good, replayed, bad-signature, overflowing, password and unknown-license files (and,
 * when asked, files of one license that another session holds locked), with what each kind may be answered.
 * {@link #assertTruthful} checks every answer line against the rows: a file is applied exactly when it was
 * answered 200.
 */
public final class MixedBatch {

    public static final int SIZE = 300;
    static final ObjectMapper JSON = new ObjectMapper();

    public final TestCompany company;
    public final List<String> lines = new ArrayList<>();
    public final List<String> requestIds = new ArrayList<>();
    public final List<Set<String>> allowed = new ArrayList<>();
    /** Files applied alone before the batch: applied whatever the batch answers them. */
    public final Set<Integer> preApplied = new java.util.HashSet<>();

    /** Provisions its own company; {@code lockedLicense} files (PERP) are added when true. */
    public MixedBatch(boolean withLockedLicense) {
        company = TestCompany.create(false, 200);
        // NEG: unlimited consumption whose total is near what a bigint holds; +100 cannot be stored.
        update("UPDATE licenses SET total_consumptions = 9223372036854775800 WHERE company_id = ? AND license_key = 'NEG'");
        int cons = 1;
        for (int i = 0; i < SIZE; i++) {
            SdkRequestFile file;
            Set<String> answers;
            switch (i % 10) {
                case 0 -> { // replayed: applied alone first
                    file = company.file("CONS", "hw-" + cons++);
                    assertThat(Http.send(Http.post("/api/v4/deactivate_offline", company.headers(), "text/plain",
                            file.file())).statusCode()).isEqualTo(200);
                    answers = Set.of("200");
                    preApplied.add(i);
                }
                case 1 -> {
                    file = SdkRequestFile.keyBased("not-the-key", company.apiKey, "studio", "CONS", "hw-" + cons);
                    answers = Set.of("400 signature_mismatch");
                }
                case 2 -> {
                    file = company.file("NOPE-" + i, "hw-1");
                    answers = Set.of("400 license_not_found");
                }
                case 3 -> { // passwords, right and wrong; the first right one per device applies
                    file = SdkRequestFile.userBased(company.sharedKey, company.apiKey, "cloud", company.username(),
                            "hw-" + (1 + (i / 10) % 3)).with("password", (i / 10) % 2 == 0 ? "pw-" + company.code : "wrong");
                    // Written in the same second for the same device, two files share one inner signature:
                    // the later one is then a conflict (SPEC §5), else its device is already gone.
                    answers = (i / 10) % 2 == 0 ? Set.of("200", "400 device_not_found", "409 request_id_conflict")
                            : Set.of("400 license_not_found");
                }
                case 4 -> {
                    file = company.file("NEG", "hw-" + (1 + (i / 10) % 3)).consumptions(100);
                    answers = Set.of("400 license_not_enough_consumptions");
                }
                case 5 -> {
                    if (withLockedLicense && i < 100) { // all in the first chunk: it waits for the lock once
                        file = company.file("PERP", "hw-" + (1 + (i / 10) % 3));
                        answers = Set.of("503 service_unavailable");
                    } else {
                        file = company.file("CONS", "hw-" + cons++);
                        answers = Set.of("200");
                    }
                }
                default -> {
                    file = company.file("CONS", "hw-" + cons++).consumptions(i % 3 == 0 ? 1 : 0);
                    answers = Set.of("200");
                }
            }
            lines.add(file.file().trim());
            requestIds.add(file.requestId());
            allowed.add(answers);
        }
    }

    public String body() {
        return String.join("\n", lines) + "\n";
    }

    /** Every line answered once, in batch order, with an answer its kind allows, and applied ⇔ 200. */
    public void assertTruthful(String ndjson, Set<String> alsoAllowed) throws Exception {
        List<JsonNode> results = new ArrayList<>();
        for (String line : ndjson.split("\n")) {
            if (!line.isBlank()) {
                results.add(JSON.readTree(line));
            }
        }
        assertThat(results).hasSize(SIZE);
        Map<String, String> applied = new HashMap<>();
        for (String id : company.one("SELECT string_agg(request_id, ',') FROM deactivation_requests WHERE company_id = ?")
                .split(",")) {
            applied.put(id, id);
        }
        for (int i = 0; i < SIZE; i++) {
            JsonNode result = results.get(i);
            assertThat(result.get("index").asInt()).isEqualTo(i);
            int status = result.get("status").asInt();
            String answer = status == 200 ? "200" : status + " " + result.get("code").asText();
            assertThat(answer).as("file %d", i).isIn(union(allowed.get(i), alsoAllowed));
            boolean isApplied = applied.containsKey(requestIds.get(i));
            assertThat(isApplied).as("file %d answered %s", i, answer).isEqualTo(status == 200 || preApplied.contains(i));
        }
        // The totals follow from the applied files alone.
        long consumed = 0;
        for (int i = 0; i < SIZE; i++) {
            if (results.get(i).get("status").asInt() == 200 && i % 10 >= 6 && i % 3 == 0) {
                consumed++;
            }
        }
        assertThat(company.totalConsumptions("CONS")).isEqualTo(consumed);
        assertThat(company.one("SELECT total_consumptions FROM licenses WHERE company_id = ? AND license_key = 'NEG'"))
                .isEqualTo("9223372036854775800");
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private void update(String sql) {
        try (Connection connection = TestDatabase.get().connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, company.code);
            statement.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
