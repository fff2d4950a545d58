package dev.licensegateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.hostile.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code oauth_url} without a public URL (the test profile allows only {@code localhost}): a forged
 * {@code Host} is refused with 400 instead of becoming the address the SDK sends its client secret to.
 */
@QuarkusTest
class OAuthUrlTest {

    static RawHttp.Response oauthUrl(String host) {
        RawHttp.Request request = new RawHttp.Request("/api/v4/oauth_url?login_type=client_credentials").method("GET");
        if (host != null) {
            request.header("Host", host);
        }
        return RawHttp.exchange(RestAssured.port, request, Duration.ofSeconds(10));
    }

    @Test
    void aForgedHostIsRefusedAndNeverEchoed() {
        RawHttp.Response response = oauthUrl("attacker.example");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text()).contains("\"code\":\"validation_error\"").doesNotContain("attacker");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void anAllowedHostIsAnsweredWithItsOwnUrlAndNotCached() {
        RawHttp.Response response = oauthUrl("localhost:" + RestAssured.port);
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.text()).isEqualTo(
                "{\"url\":\"http://localhost:" + RestAssured.port + "/api/v4/oauth/token\"}");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void forwardedHeadersCountForNothingWhenNoProxyIsTrusted() {
        RawHttp.Request request = new RawHttp.Request("/api/v4/oauth_url?login_type=client_credentials").method("GET")
                .header("Host", "attacker.example").header("X-Forwarded-Host", "localhost")
                .header("Forwarded", "host=localhost;proto=https");
        RawHttp.Response response = RawHttp.exchange(RestAssured.port, request, Duration.ofSeconds(10));
        assertThat(response.status()).isEqualTo(400);
    }
    @Test
    void aChunkedTokenFormPastItsLimitIsAnswered413() {
        StringBuilder wire = new StringBuilder("POST /api/v4/oauth/token HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n");
        String chunk = "client_id=" + "x".repeat(1000);
        for (int i = 0; i < 12; i++) {
            wire.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        wire.append("0\r\n\r\n");
        RawHttp.Response response = RawHttp.exchange(RestAssured.port,
                RawHttp.Request.raw(wire.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII)), Duration.ofSeconds(10));
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.text()).contains("\"code\":\"payload_too_large\"");
    }
}
