package dev.licensegateway.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.SdkHeaders;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Key rotation through the admin API: a new key works at once on a warm cache, a revoked one stops at once. */
@QuarkusTest
class CredentialRotationTest {

    static final String PATH = "/api/v4/deactivate_offline";

    @Test
    void sharedKeyRotationThroughTheAdminApiTakesEffectAtOnce() {
        TestCompany company = TestCompany.create();
        assertThat(upload(company, company.sharedKey, company.apiKey, "hw-1").statusCode()).isEqualTo(200);

        String generated = given().auth().oauth2(TestCompany.ADMIN_TOKEN).contentType(ContentType.JSON).body("{}")
                .when().post("/admin/v1/companies/" + company.code + "/shared-keys")
                .then().statusCode(201).body("$", hasKey("key")).extract().path("key");
        assertThat(upload(company, generated, company.apiKey, "hw-2").statusCode()).isEqualTo(200);

        int oldId = given().auth().oauth2(TestCompany.ADMIN_TOKEN)
                .when().get("/admin/v1/companies/" + company.code + "/shared-keys")
                .then().statusCode(200).body("[0]", not(hasKey("key"))).extract().path("[0].shared_key_id");
        given().auth().oauth2(TestCompany.ADMIN_TOKEN)
                .when().delete("/admin/v1/companies/" + company.code + "/shared-keys/" + oldId)
                .then().statusCode(204);
        HttpResponse<String> old = upload(company, company.sharedKey, company.apiKey, "hw-3");
        assertThat(old.statusCode()).isEqualTo(400);
        assertThat(old.body()).contains("signature_mismatch");
    }

    @Test
    void aRevokedApiKeyIsRefusedAtOnceAndANewOneWorks() {
        TestCompany company = TestCompany.create();
        assertThat(upload(company, company.sharedKey, company.apiKey, "hw-1").statusCode()).isEqualTo(200);
        // Revoked by its identifier, as listed: the key itself never goes in a URL (access logs).
        String keyId = given().auth().oauth2(TestCompany.ADMIN_TOKEN)
                .when().get("/admin/v1/companies/" + company.code + "/api-keys")
                .then().statusCode(200).body("[0]", not(hasKey("key"))).extract().path("[0].key_id");
        assertThat(keyId).isEqualTo(dev.licensegateway.credentials.ApiKeyId.of(company.apiKey)).doesNotContain(company.apiKey);
        given().auth().oauth2(TestCompany.ADMIN_TOKEN)
                .when().delete("/admin/v1/companies/" + company.code + "/api-keys/" + company.apiKey)
                .then().statusCode(404);
        given().auth().oauth2(TestCompany.ADMIN_TOKEN)
                .when().delete("/admin/v1/companies/" + company.code + "/api-keys/" + keyId)
                .then().statusCode(204);
        HttpResponse<String> revoked = upload(company, company.sharedKey, company.apiKey, "hw-2");
        assertThat(revoked.statusCode()).isEqualTo(400);
        assertThat(revoked.body()).contains("\"code\":\"revoked_api_key\"");

        String fresh = given().auth().oauth2(TestCompany.ADMIN_TOKEN).contentType(ContentType.JSON).body("{}")
                .when().post("/admin/v1/companies/" + company.code + "/api-keys")
                .then().statusCode(201).extract().path("key");
        assertThat(upload(company, company.sharedKey, fresh, "hw-2").statusCode()).isEqualTo(200);
        // The audit names the caller by the key's identifier, never the key.
        assertThat(company.one("SELECT string_agg(principal, ',' ORDER BY event_id) FROM deactivation_events WHERE company_id = ?"))
                .isEqualTo(dev.licensegateway.credentials.ApiKeyId.of(company.apiKey) + "," + dev.licensegateway.credentials.ApiKeyId.of(fresh))
                .doesNotContain(company.apiKey);
        given().auth().oauth2(TestCompany.ADMIN_TOKEN).contentType(ContentType.JSON).body("{\"key\": \"" + fresh + "\"}")
                .when().post("/admin/v1/companies/" + company.code + "/api-keys")
                .then().statusCode(409).body("code", equalTo("already_exists"));
    }

    @Test
    void oauthClientsAreAddedAndRevoked() {
        TestCompany company = TestCompany.create();
        String secret = given().auth().oauth2(TestCompany.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body("{\"client_id\": \"extra-" + company.code + "\"}")
                .when().post("/admin/v1/companies/" + company.code + "/oauth-clients")
                .then().statusCode(201).extract().path("client_secret");
        given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
                .formParam("client_id", "extra-" + company.code).formParam("client_secret", secret)
                .when().post("/api/v4/oauth/token").then().statusCode(200);
        given().auth().oauth2(TestCompany.ADMIN_TOKEN)
                .when().delete("/admin/v1/companies/" + company.code + "/oauth-clients/extra-" + company.code)
                .then().statusCode(204);
        given().contentType("application/x-www-form-urlencoded").formParam("grant_type", "client_credentials")
                .formParam("client_id", "extra-" + company.code).formParam("client_secret", secret)
                .when().post("/api/v4/oauth/token").then().statusCode(401).body("code", equalTo("invalid_client"));
        given().auth().oauth2(TestCompany.ADMIN_TOKEN)
                .when().delete("/admin/v1/companies/no-such-company/api-keys/x")
                .then().statusCode(404).body("code", equalTo("not_found"));
    }

    @Test
    void everyCredentialChangeIsAuditedByIdentifierWithoutItsSecret() {
        TestCompany company = TestCompany.create();
        String base = "/admin/v1/companies/" + company.code;
        String sharedKey = "audit-shared-key-" + company.code;
        String apiKey = "audit-api-key-" + company.code;
        String clientSecret = "audit-client-secret-" + company.code;
        int sharedKeyId = given().auth().oauth2(TestCompany.ADMIN_TOKEN).header("X-Admin-Actor", "ops-carol")
                .contentType(ContentType.JSON).body("{\"key\": \"" + sharedKey + "\"}")
                .when().post(base + "/shared-keys").then().statusCode(201).extract().path("shared_key_id");
        String keyId = given().auth().oauth2(TestCompany.ADMIN_TOKEN).header("X-Admin-Actor", "ops-carol")
                .contentType(ContentType.JSON).body("{\"key\": \"" + apiKey + "\"}")
                .when().post(base + "/api-keys").then().statusCode(201).extract().path("key_id");
        given().auth().oauth2(TestCompany.ADMIN_TOKEN).header("X-Admin-Actor", "ops-carol").contentType(ContentType.JSON)
                .body("{\"client_id\": \"audit-" + company.code + "\", \"client_secret\": \"" + clientSecret + "\"}")
                .when().post(base + "/oauth-clients").then().statusCode(201);
        given().auth().oauth2(TestCompany.ADMIN_TOKEN).header("X-Admin-Actor", "ops-dave")
                .when().delete(base + "/shared-keys/" + sharedKeyId).then().statusCode(204);
        given().auth().oauth2(TestCompany.ADMIN_TOKEN).header("X-Admin-Actor", "ops-dave")
                .when().delete(base + "/api-keys/" + keyId).then().statusCode(204);
        given().auth().oauth2(TestCompany.ADMIN_TOKEN).header("X-Admin-Actor", "ops-dave")
                .when().delete(base + "/oauth-clients/audit-" + company.code).then().statusCode(204);
        // Revoking again answers the same and, changing nothing, audits nothing.
        given().auth().oauth2(TestCompany.ADMIN_TOKEN).header("X-Admin-Actor", "ops-dave")
                .when().delete(base + "/api-keys/" + keyId).then().statusCode(204);
        // A refused change (the key is taken) leaves no audit row: the audit is written in the change's transaction.
        given().auth().oauth2(TestCompany.ADMIN_TOKEN).contentType(ContentType.JSON).body("{\"key\": \"" + apiKey + "\"}")
                .when().post(base + "/api-keys").then().statusCode(409);

        String audit = company.one("SELECT string_agg(actor || ' ' || action || ' ' || object_type || ' ' || object_key, "
                + "' | ' ORDER BY audit_id) FROM admin_audit WHERE company_id = ? AND object_type IN "
                + "('shared_key', 'api_key', 'oauth_client') AND actor IN ('ops-carol', 'ops-dave')");
        assertThat(audit).isEqualTo(String.join(" | ",
                "ops-carol create shared_key " + sharedKeyId, "ops-carol create api_key " + keyId,
                "ops-carol create oauth_client audit-" + company.code, "ops-dave update shared_key " + sharedKeyId,
                "ops-dave update api_key " + keyId, "ops-dave update oauth_client audit-" + company.code));
        String everything = company.one("SELECT string_agg(coalesce(before::text, '') || coalesce(after::text, ''), ' ') "
                + "FROM admin_audit WHERE company_id = ?");
        assertThat(everything).doesNotContain(sharedKey, apiKey, clientSecret);
    }

    private static HttpResponse<String> upload(TestCompany company, String sharedKey, String apiKey, String hardwareId) {
        String file = SdkRequestFile.keyBased(sharedKey, apiKey, "studio", "PERP", hardwareId).file();
        return Http.send(Http.post(PATH, SdkHeaders.apiKey(sharedKey, apiKey), "text/plain", file));
    }
}
