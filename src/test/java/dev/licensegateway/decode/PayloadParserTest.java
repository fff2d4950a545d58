package dev.licensegateway.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.licensegateway.error.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadParserTest {

    static final String BASE = "\"request\": \"deactivation\", \"product\": \"studio\", \"hardware_id\": \"hw-1\", "
            + "\"license_key\": \"AAAA\", \"date\": \"Tue, 07 Jun 2011 20:51:35 GMT\", \"request_id\": \"r-1\", "
            + "\"signature\": \"c2ln\", \"api_key\": \"ak\"";

    @Test
    void bindsAFlatV1File() {
        RequestFile file = parse("{" + BASE + ", \"consumptions\": 3, \"product_features\": "
                + "[{\"feature\": \"f\", \"consumptions\": 2}, {\"feature\": \"f\", \"consumptions\": 1}], "
                + "\"hostname\": \"h\u00e9\", \"is_vm\": false, \"variables\": {\"k\": [1, \"v\"]}}");
        assertThat(file.schemaVersion()).isEqualTo(1);
        DeactivationPayload payload = file.payload();
        assertThat(payload.licenseKey()).isEqualTo("AAAA");
        assertThat(payload.consumptions()).isEqualTo(3);
        assertThat(payload.productFeatures()).hasSize(2);
        assertThat(payload.clientInfo()).containsEntry("hostname", "h\u00e9").containsEntry("is_vm", false);
        // Exactly as written (SPEC §3: numbers never through a double), not re-serialised.
        assertThat(payload.variablesJson()).isEqualTo("{\"k\": [1, \"v\"]}");
    }

    @Test
    void findsTheExactBytesOfTheV2Request() {
        String request = "{" + BASE + ", \"schema_version\": 2}";
        String text = "{\"request\": " + request + ", \"signature\": \"abc\"}";
        RequestFile file = parse(text);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(file.isV2()).isTrue();
        assertThat(new String(bytes, file.requestOffset(), file.requestLength(), StandardCharsets.UTF_8)).isEqualTo(request);
        assertThat(file.outerSignature()).isEqualTo("abc");
    }

    @Test
    void acceptsASingleFeatureObjectAsTheSeedsSchemaHasIt() {
        RequestFile file = parse("{" + BASE + ", \"product_features\": {\"feature\": \"f\", \"consumptions\": 2}}");
        assertThat(file.payload().productFeatures()).singleElement()
                .isEqualTo(new DeactivationPayload.FeatureConsumption("f", 2));
    }

    @Test
    void anUnknownFieldIsNamedShortInTheMessage() {
        String name = "x".repeat(40_000);
        assertThatThrownBy(() -> parse("{" + BASE + ", \"" + name + "\": 1}"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code().code()).isEqualTo("validation_error");
                    assertThat(e.getMessage()).hasSizeLessThan(100).startsWith("Unknown field 'xxxx");
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not an object                 | []                                                            | invalid_json
            trailing tokens               | {BASE} {}                                                     | invalid_json
            broken json                   | {BASE                                                         | invalid_json
            unknown field                 | {BASE, "colour": "red"}                                       | validation_error
            duplicate key                 | {BASE, "product": "other"}                                    | validation_error
            wrong type                    | {BASE, "consumptions": "3"}                                   | validation_error
            fractional number             | {BASE, "consumptions": 1.5}                                   | validation_error
            huge number                   | {BASE, "consumptions": 123456789012345678901234567890}        | validation_error
            out of range delta            | {BASE, "consumptions": 9000000000000000000}                   | validation_error
            NUL in a string               | {BASE, "hostname": "a\\u0000b"}                               | validation_error
            lone surrogate                | {BASE, "hostname": "\\ud800"}                                 | validation_error
            deep nesting                  | {BASE, "variables": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]} | validation_error
            feature without code          | {BASE, "product_features": [{"consumptions": 1}]}             | validation_error
            wrong request kind            | {BASE, "request": "activation"}                               | validation_error
            missing hardware id           | {"request": "deactivation", "product": "p", "license_key": "k", "date": "d", "request_id": "r", "signature": "s", "api_key": "a"} | authorization_missing_params
            v2 with extra root field      | {"request": {BASE}, "signature": "s", "x": 1}                 | validation_error
            """)
    void refusesHostileFiles(String name, String template, String code) {
        String text = template.replace("{BASE}", "{" + BASE + "}").replace("{BASE,", "{" + BASE + ",")
                .replace("{BASE", "{" + BASE);
        assertThatThrownBy(() -> parse(text))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo(code));
    }

    /**
     * Duplicate keys are refused wherever they are (the root, the v2 request, a product_features entry, any
     * object in variables) and on the name, before a malformed value after it is read: validation_error, not
     * invalid_json, as a strict JSON reader answers.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            duplicate before a bad value  | {BASE, "product": 01}
            duplicate v2 request object   | {"request": {BASE}, "request": {BASE}, "signature": "s"}
            v2 request object and string  | {"request": {BASE}, "signature": "s", "request": "deactivation"}
            duplicate v2 signature        | {"request": {BASE}, "signature": "s", "signature": "t"}
            duplicate inside v2 request   | {"request": {BASE, "hostname": "a", "hostname": 01}, "signature": "s"}
            duplicate in a feature        | {BASE, "product_features": [{"feature": "f", "feature": 01, "consumptions": 1}]}
            duplicate in variables        | {BASE, "variables": {"a": 1, "b": 2, "a": 01}}
            duplicate nested in variables | {BASE, "variables": [{"x": {"a": 1, "a": 2}}]}
            """)
    void refusesDuplicateKeysOnTheirName(String name, String template) {
        String text = template.replace("{BASE}", "{" + BASE + "}").replace("{BASE,", "{" + BASE + ",");
        assertThatThrownBy(() -> parse(text))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo("validation_error"));
    }

    @Test
    void theSameKeyInSiblingObjectsOfVariablesIsNoDuplicate() {
        String variables = "[{\"a\": 1}, {\"a\": {\"a\": 2}}, {\"b\": [], \"a\": 3}]";
        RequestFile file = parse("{" + BASE + ", \"variables\": " + variables + "}");
        assertThat(file.payload().variablesJson()).isEqualTo(variables);
    }

    private static RequestFile parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return PayloadParser.parse(new DecodedBody(bytes, bytes.length));
    }
}
