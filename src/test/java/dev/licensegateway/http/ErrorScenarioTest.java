package dev.licensegateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.SdkHeaders;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per documented error: the status, the code, a human message, the exact error shape, and
 * the company's rows unchanged after the call.
 */
@QuarkusTest
class ErrorScenarioTest {

    static final String PATH = DeactivateOfflineTest.PATH;
    static final ObjectMapper JSON = new ObjectMapper();

    TestCompany company;

    @BeforeEach
    void provision() {
        company = TestCompany.create();
    }

    /** What a scenario sends. */
    record Call(String path, Map<String, String> headers, String contentType, String body) {
        static Call of(TestCompany c, SdkRequestFile file) {
            return new Call(PATH, c.headers(), "text/plain", file.file());
        }

        static Call body(TestCompany c, String body) {
            return new Call(PATH, c.headers(), "text/plain", body);
        }

        Call header(String name, String value) {
            Map<String, String> copy = new HashMap<>(headers);
            if (value == null) {
                copy.remove(name);
            } else {
                copy.put(name, value);
            }
            return new Call(path, copy, contentType, body);
        }
    }

    static Arguments row(String name, int status, String code, Function<TestCompany, Call> call) {
        return Arguments.of(name, status, code, call);
    }

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                // headers and authorization
                row("no Date header", 400, "missing_headers", c -> Call.of(c, c.file("PERP", "hw-1")).header("Date", null)),
                row("no Authorization header", 400, "missing_headers",
                        c -> Call.of(c, c.file("PERP", "hw-1")).header("Authorization", null)),
                row("Date far from now", 400, "date_header_diff",
                        c -> new Call(PATH, SdkHeaders.apiKey(c.sharedKey, c.apiKey, "Tue, 07 Jun 2011 20:51:35 GMT"),
                                "text/plain", c.file("PERP", "hw-1").file())),
                row("Date not a date", 400, "date_header_diff", c -> Call.of(c, c.file("PERP", "hw-1")).header("Date", "yesterday")),
                row("Authorization garbage", 400, "authorization_invalid_headers",
                        c -> Call.of(c, c.file("PERP", "hw-1")).header("Authorization", "let me in")),
                row("algorithm not hmac-sha256", 400, "hmac_required", c -> Call.of(c, c.file("PERP", "hw-1"))
                        .header("Authorization", "algorithm=\"hmac-sha1\",headers=\"date\",signature=\"x\",apikey=\"" + c.apiKey + "\"")),
                row("unknown api key", 400, "invalid_api_key", c -> Call.of(c, c.file("PERP", "hw-1"))
                        .header("Authorization", SdkHeaders.authorization("eA==", "ak-unknown-" + c.code))),
                row("revoked api key", 400, "revoked_api_key", c -> {
                    String revoked = c.apiKey + "-old";
                    c.one("WITH x AS (INSERT INTO api_keys (company_id, api_key, revoked_at) VALUES (?, ?, now()) RETURNING 1) "
                            + "SELECT count(*) FROM x", revoked);
                    return new Call(PATH, SdkHeaders.apiKey(c.sharedKey, revoked), "text/plain", c.file("PERP", "hw-1").file());
                }),
                row("header signed with a wrong key", 400, "signature_mismatch",
                        c -> new Call(PATH, SdkHeaders.apiKey("not-the-shared-key", c.apiKey), "text/plain", c.file("PERP", "hw-1").file())),
                row("malformed bearer token", 401, "oauth_token_malformed",
                        c -> Call.of(c, c.file("PERP", "hw-1")).header("Authorization", "Bearer not.a.token")),
                // body
                row("empty body", 400, "missing_parameters", c -> Call.body(c, "")),
                row("not base64", 400, "authorization_missing_params", c -> Call.body(c, "this is not base64!")),
                row("base64 of a JSON array", 400, "invalid_json", c -> Call.body(c, b64("[1, 2]"))),
                row("base64 of broken JSON", 400, "invalid_json", c -> Call.body(c, b64("{\"request\": "))),
                row("missing hardware_id", 400, "authorization_missing_params", c -> Call.of(c, c.file("PERP", "hw-1").without("hardware_id"))),
                row("missing license_key and username", 400, "authorization_missing_params",
                        c -> Call.of(c, c.file("PERP", "hw-1").without("license_key"))),
                row("missing api_key", 400, "authorization_missing_params", c -> Call.of(c, c.file("PERP", "hw-1").without("api_key"))),
                row("missing request_id", 400, "validation_error", c -> Call.of(c, c.file("PERP", "hw-1").without("request_id"))),
                row("unknown field", 400, "validation_error", c -> Call.of(c, c.file("PERP", "hw-1").with("colour", "red"))),
                row("consumptions as text", 400, "validation_error", c -> Call.of(c, c.file("CONS", "hw-1").with("consumptions", "3"))),
                row("body over the limit", 413, "payload_too_large", c -> Call.body(c, "A".repeat(70 * 1024))),
                // signatures and company
                row("inner signature by another key", 400, "signature_mismatch", c -> Call.of(c,
                        SdkRequestFile.keyBased("other-key", c.apiKey, "studio", "PERP", "hw-1"))),
                row("inner signature over another device", 400, "signature_mismatch", c -> Call.of(c,
                        c.file("PERP", "hw-1").with("signature", SdkRequestFile.base64Hmac(c.sharedKey, "licenseSpring\ndate: x\nPERP\nhw-2\n" + c.apiKey)))),
                row("file api_key of another company", 400, "invalid_api_key", c -> Call.of(c,
                        SdkRequestFile.keyBased(c.sharedKey, "ak-of-someone-else", "studio", "PERP", "hw-1"))),
                // business rules
                row("unknown product", 400, "unknown_product", c -> Call.of(c, c.file("PERP", "hw-1").with("product", "nope"))),
                row("unknown license", 400, "license_not_found", c -> Call.of(c, c.file("NOPE-NOPE", "hw-1"))),
                row("unknown user", 400, "license_not_found", c -> Call.of(c,
                        SdkRequestFile.userBased(c.sharedKey, c.apiKey, "cloud", "nobody@example.test", "hw-1"))),
                row("disabled license", 400, "license_not_enabled", c -> Call.of(c, c.file("OFF", "hw-1"))),
                row("time-limited license", 400, "offline_not_supported", c -> Call.of(c, c.file("TIMED", "hw-1"))),
                row("subscription license", 400, "offline_not_supported", c -> Call.of(c, c.file("SUB", "hw-1"))),
                row("unknown device", 400, "device_not_found", c -> Call.of(c, c.file("PERP", "hw-99"))),
                row("consumptions on a perpetual license", 400, "license_not_consumption",
                        c -> Call.of(c, c.file("PERP", "hw-1").consumptions(1))),
                row("negative consumptions not allowed", 400, "negative_consumptions_not_allowed",
                        c -> Call.of(c, c.file("CONS", "hw-1").consumptions(-1))),
                row("beyond max plus overages", 400, "license_not_enough_consumptions",
                        c -> Call.of(c, c.file("CONS", "hw-1").consumptions(111))),
                row("unknown feature", 400, "unsupported_product_feature",
                        c -> Call.of(c, c.file("CONS", "hw-1").feature("nope", 1))),
                row("activation feature is not a consumption feature", 400, "unsupported_product_feature",
                        c -> Call.of(c, c.file("CONS", "hw-1").feature("export", 1))),
                row("feature beyond its max, listed twice", 400, "feature_not_enough_consumptions",
                        c -> Call.of(c, c.file("CONS", "hw-1").feature("render-minutes", 30).feature("render-minutes", 21))),
                row("request id already applied with another payload", 409, "request_id_conflict", c -> {
                    SdkRequestFile first = c.file("PERP", "hw-1");
                    assertThat(Http.send(Http.post(PATH, c.headers(), "text/plain", first.file())).statusCode()).isEqualTo(200);
                    return Call.of(c, c.file("PERP", "hw-2").with("request_id", first.requestId()));
                }),
                // everything else
                row("unknown path", 404, "not_found", c -> new Call("/api/v4/nothing_here", c.headers(), "text/plain", "x")),
                row("wrong method", 405, "method_not_allowed", c -> new Call(PATH + "?m=GET", c.headers(), null, null)));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("scenarios")
    void everyErrorHasItsCodeAndChangesNothing(String name, int status, String code, Function<TestCompany, Call> scenario)
            throws Exception {
        Call call = scenario.apply(company);
        String before = company.snapshot();

        HttpResponse<String> response = Http.send(call.body() == null
                ? java.net.http.HttpRequest.newBuilder(Http.uri(PATH)).GET().build()
                : Http.post(call.path(), call.headers(), call.contentType(), call.body()));

        assertThat(response.statusCode()).as(name).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.size()).as("only status, code and message").isEqualTo(3);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank().doesNotContain(company.sharedKey).doesNotContain("Exception");
        assertThat(company.snapshot()).as("rows after " + name).isEqualTo(before);
    }

    @Test
    void aCompanyRequiringSchemaV2RefusesV1Files() {
        TestCompany strict = TestCompany.create(true, 3);
        String before = strict.snapshot();
        HttpResponse<String> v1 = Http.send(Http.post(PATH, strict.headers(), "text/plain", strict.file("PERP", "hw-1").file()));
        assertThat(v1.statusCode()).isEqualTo(400);
        assertThat(v1.body()).contains("\"code\":\"schema_version_not_allowed\"");
        assertThat(strict.snapshot()).isEqualTo(before);
        HttpResponse<String> v2 = Http.send(Http.post(PATH, strict.headers(), "text/plain", strict.file("PERP", "hw-1").v2().file()));
        assertThat(v2.statusCode()).isEqualTo(200);
    }
}
