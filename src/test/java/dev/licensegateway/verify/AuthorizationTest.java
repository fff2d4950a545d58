package dev.licensegateway.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.licensegateway.error.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizationTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "algorithm=\"hmac-sha256\",headers=\"date\",signature=\"c2ln\",apiKey=\"ak-1\"",
            "algorithm=\"hmac-sha256\", headers=\"date\", signature=\"c2ln\", apikey=\"ak-1\"",
            "APIKEY=\"ak-1\" ,SIGNATURE=\"c2ln\",Algorithm=\"HMAC-SHA256\"",
            "algorithm = hmac-sha256, signature = c2ln, apikey = ak-1"})
    void readsTheApiKeyFormInAnyCaseOrderAndSpacing(String header) {
        assertThat(Authorization.parse(header)).isEqualTo(new Authorization.ApiKey("ak-1", "c2ln"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            algorithm="hmac-sha1",signature="s",apikey="k"                  | hmac_required
            signature="s",apikey="k"                                        | authorization_invalid_headers
            algorithm="hmac-sha256",apikey="k"                              | authorization_invalid_headers
            algorithm="hmac-sha256",signature="s",apikey="k",apikey="j"     | authorization_invalid_headers
            algorithm="hmac-sha256",signature="s,apikey="k"                 | authorization_invalid_headers
            garbage                                                         | authorization_invalid_headers
            Bearer                                                          | authorization_invalid_headers
            """)
    void refusesMalformedHeaders(String header, String code) {
        assertThatThrownBy(() -> Authorization.parse(header))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code().code()).isEqualTo(code));
    }
}
