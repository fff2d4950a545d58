package dev.licensegateway.oauth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.endsWith;

import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OAuth client credentials as the vendor's SDK drives them, and the token rules around them. */
@QuarkusTest
class OAuthTest {

    static final String PATH = "/api/v4/deactivate_offline";
    static final DateTimeFormatter IMF =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    /** The test profile's gateway.secrets.encryption-key; tokens are signed with a key derived from it. */
    static final String ENCRYPTION_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    TestCompany company;

    @BeforeEach
    void provision() {
        company = TestCompany.create();
    }

    @Test
    void theSdksFullRoundTripDeactivatesWithAnOAuthFile() {
        String url = given().queryParam("login_type", "client_credentials")
                .when().get("/api/v4/oauth_url")
                .then().statusCode(200).body("url", endsWith("/api/v4/oauth/token")).extract().path("url");
        String token = given().contentType("application/x-www-form-urlencoded")
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", company.clientId).formParam("client_secret", company.clientSecret)
                .when().post(url.substring(url.indexOf("/api/")))
                .then().statusCode(200).body("token_type", equalTo("Bearer")).body("expires_in", equalTo(480))
                .extract().path("access_token");

        // Inner signature keyed with the client secret, v2 outer signature keyed with the client id (SDK quirk).
        SdkRequestFile file = oauthFile("PERP", "hw-1").v2(company.clientId, false);
        HttpResponse<String> response = Http.send(Http.post(PATH, bearer(token), "text/plain", file.file()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(company.deviceActive("PERP", "hw-1")).isFalse();
        assertThat(company.one("SELECT principal FROM deactivation_events WHERE company_id = ?")).isEqualTo(company.clientId);

        // The outer signature keyed with the secret is accepted too.
        SdkRequestFile withSecret = oauthFile("PERP", "hw-2").v2(company.clientSecret, true);
        assertThat(Http.send(Http.post(PATH, bearer(token), "text/plain", withSecret.file())).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongSecretsAndUnknownClientsAreTheSameInvalidClient() {
        for (String[] credentials : new String[][] {{company.clientId, "wrong"}, {"no-such-client", "x"}}) {
            given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
                    .formParam("client_id", credentials[0]).formParam("client_secret", credentials[1])
                    .when().post("/api/v4/oauth/token")
                    .then().statusCode(401).body("code", equalTo("invalid_client"));
        }
        given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "password")
                .when().post("/api/v4/oauth/token").then().statusCode(400).body("code", equalTo("unsupported_grant_type"));
    }

    @Test
    void expiredAndTamperedTokensAreRefusedAsTheSdkExpects() {
        String expired = forge(company.clientId, company.code, Instant.now().minusSeconds(5).getEpochSecond());
        HttpResponse<String> late = Http.send(Http.post(PATH, bearer(expired), "text/plain", oauthFile("PERP", "hw-1").file()));
        assertThat(late.statusCode()).isEqualTo(401);
        assertThat(late.body()).contains("\"code\":\"oauth_token_expired\"");

        String valid = token();
        String tampered = valid.substring(0, valid.length() - 2) + (valid.endsWith("AA") ? "BB" : "AA");
        HttpResponse<String> forged = Http.send(Http.post(PATH, bearer(tampered), "text/plain", oauthFile("PERP", "hw-1").file()));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("\"code\":\"oauth_token_malformed\"");
        assertThat(company.deviceActive("PERP", "hw-1")).isTrue();
    }

    @Test
    void aFileOfAnotherClientIsRefused() {
        // Signed with this client's secret (so the signatures hold) but naming another company's client.
        TestCompany other = TestCompany.create();
        SdkRequestFile file = SdkRequestFile.keyBased(company.clientSecret, null, "studio", "PERP", "hw-1")
                .without("api_key").with("client_id", other.clientId);
        HttpResponse<String> response = Http.send(Http.post(PATH, bearer(token()), "text/plain", file.file()));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"invalid_api_key\"");
    }

    @Test
    void aRevokedClientsTokenStopsWorking() {
        String token = token();
        company.one("WITH x AS (UPDATE oauth_clients SET revoked_at = now() WHERE company_id = ? RETURNING 1) SELECT count(*) FROM x");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2)).until(() ->
                Http.send(Http.post(PATH, bearer(token), "text/plain", oauthFile("PERP", "hw-1").file())).statusCode() == 401);
        assertThat(company.deviceActive("PERP", "hw-1")).isTrue();
    }

    private SdkRequestFile oauthFile(String licenseKey, String hardwareId) {
        return SdkRequestFile.keyBased(company.clientSecret, null, "studio", licenseKey, hardwareId)
                .without("api_key").with("client_id", company.clientId);
    }

    private String token() {
        return given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
                .formParam("client_id", company.clientId).formParam("client_secret", company.clientSecret)
                .when().post("/api/v4/oauth/token").then().statusCode(200).extract().path("access_token");
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Date", IMF.format(Instant.now()), "Authorization", "Bearer " + token);
    }

    /** A token signed as the gateway signs them (key derived from the encryption key), with any expiry. */
    static String forge(String clientId, String companyId, long expiresAt) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String claims = "{\"sub\":\"" + clientId + "\",\"co\":\"" + companyId + "\",\"exp\":" + expiresAt + "}";
        String body = "v1." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        byte[] key = hmac(Base64.getDecoder().decode(ENCRYPTION_KEY), "license-gateway oauth token key");
        return body + "." + b64.encodeToString(hmac(key, body));
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
