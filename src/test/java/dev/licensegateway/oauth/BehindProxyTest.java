package dev.licensegateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.hostile.RawHttp;
import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behind a trusted proxy (as the k8s overlays configure Quarkus): {@code oauth_url} follows the forwarded
 * scheme and host only for an allowed host, and the audit's {@code source_ip} is the client's address
 * that the proxy forwarded, not the proxy's.
 */
@QuarkusTest
@TestProfile(BehindProxyTest.TrustedProxy.class)
class BehindProxyTest {

    public static class TrustedProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.enable-forwarded-host", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1",
                    "gateway.oauth.allowed-hosts", "licenses.example.com");
        }
    }

    private static RawHttp.Response oauthUrl(String forwardedHost) {
        return RawHttp.exchange(RestAssured.port, new RawHttp.Request("/api/v4/oauth_url?login_type=client_credentials")
                .method("GET").header("Host", "10.0.0.7:8080").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", forwardedHost), Duration.ofSeconds(10));
    }

    @Test
    void anAllowedForwardedHostIsAnsweredWithTheForwardedScheme() {
        RawHttp.Response response = oauthUrl("licenses.example.com");
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("{\"url\":\"https://licenses.example.com/api/v4/oauth/token\"}");
    }

    @Test
    void aForgedForwardedHostIsRefused() {
        assertThat(oauthUrl("attacker.example").status()).isEqualTo(400);
    }

    @Test
    void theAuditRecordsTheForwardedClientAddress() {
        TestCompany company = TestCompany.create();
        Map<String, String> headers = new HashMap<>(company.headers());
        headers.put("X-Forwarded-For", "203.0.113.9");
        HttpResponse<String> response = Http.send(Http.post("/api/v4/deactivate_offline", headers, "text/plain",
                company.file("PERP", "hw-1").file()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(company.one("SELECT source_ip FROM deactivation_events WHERE company_id = ?")).isEqualTo("203.0.113.9");
    }
}
