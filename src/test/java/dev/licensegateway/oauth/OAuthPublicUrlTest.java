package dev.licensegateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code gateway.oauth.public-url} set, {@code oauth_url} names it whatever the request's Host says. */
@QuarkusTest
@TestProfile(OAuthPublicUrlTest.PublicUrl.class)
class OAuthPublicUrlTest {

    public static class PublicUrl implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.oauth.public-url", "https://licenses.example.com/");
        }
    }

    @Test
    void aForgedHostGetsTheConfiguredUrl() {
        for (String host : new String[] {"attacker.example", "localhost"}) {
            var response = OAuthUrlTest.oauthUrl(host);
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("{\"url\":\"https://licenses.example.com/api/v4/oauth/token\"}");
            assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        }
    }
}
