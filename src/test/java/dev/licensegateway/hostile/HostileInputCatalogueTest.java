package dev.licensegateway.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-input catalogue: every row is sent over a raw socket and must get its documented status and
 * code in the exact error shape ({@code status}, {@code code}, {@code message} and nothing else), never a
 * 500, and must leave every row of the company as it was. Rows share one company; rows that need an
 * earlier deactivation do it before the snapshot, on devices of their own.
 */
@QuarkusTest
class HostileInputCatalogueTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestCompany company;
    private static TestCompany other;

    static int port() {
        return RestAssured.port;
    }

    static synchronized TestCompany company() {
        if (company == null) {
            company = TestCompany.create();
        }
        return company;
    }

    /** A second company, for cross-company rows. */
    static synchronized TestCompany otherCompany() {
        if (other == null) {
            other = TestCompany.create(false, 3);
        }
        return other;
    }

    static Stream<HostileCase> catalogue() {
        return Stream.of(HeaderCases.cases(), HttpCases.cases(), BodyCases.cases(), JsonCases.cases(),
                        SchemaCases.cases(), RuleCases.cases())
                .flatMap(s -> s);
    }

    @Test
    void theCatalogueHasAtLeastSixtyRowsWithDistinctNames() {
        List<String> names = catalogue().map(HostileCase::toString).toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(60).doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void everyHostileInputGetsItsDocumentedAnswerAndChangesNothing(HostileCase row) throws Exception {
        check(row);
    }

    private static void check(HostileCase row) throws Exception {
        TestCompany c = company();
        RawHttp.Request request = row.request().apply(c);
        String before = c.snapshot();

        RawHttp.Response response = RawHttp.exchange(port(), request, Duration.ofSeconds(20));

        assertThat(response.status()).as("%s: status, body %s", row, response.text()).isNotEqualTo(500).isEqualTo(row.status());
        if (row.framing()) {
            assertThat(response.body()).as("%s: the codec's bare answer", row).isEmpty();
            assertThat(response.header("Content-Type")).as("%s: the codec's bare answer", row).isNull();
        } else if (row.status() == 200) {
            assertThat(response.text()).isEqualTo("license_deactivated");
        } else {
            assertThat(response.header("Content-Type")).as("%s: content type", row).startsWith("application/json");
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.isObject()).as("%s: a JSON object", row).isTrue();
            assertThat(iterable(body.fieldNames())).as("%s: the error shape", row)
                    .containsExactlyInAnyOrder("status", "code", "message");
            assertThat(body.get("status").isInt()).isTrue();
            assertThat(body.get("status").asInt()).isEqualTo(row.status());
            if (row.code() != null) {
                assertThat(body.get("code").asText()).as("%s: code, message %s", row, body.get("message")).isEqualTo(row.code());
            }
            assertThat(body.get("message").isTextual()).isTrue();
            assertThat(body.get("message").asText()).isNotBlank()
                    .doesNotContain(c.sharedKey).doesNotContain("Exception").doesNotContain("SQL");
        }
        assertThat(c.snapshot()).as("rows after %s", row).isEqualTo(before);
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
