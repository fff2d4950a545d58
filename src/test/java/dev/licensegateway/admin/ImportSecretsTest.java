package dev.licensegateway.admin;

import static dev.licensegateway.admin.AdminTestData.admin;
import static dev.licensegateway.admin.AdminTestData.code;
import static dev.licensegateway.admin.AdminTestData.document;
import static dev.licensegateway.admin.AdminTestData.fullCompany;
import static dev.licensegateway.admin.AdminTestData.importDocument;
import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.crypto.SecretCipher;
import dev.licensegateway.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Secrets left out are generated and shown once; every secret is stored encrypted and never echoed. */
@QuarkusTest
class ImportSecretsTest {

    private static final String URL_SAFE_32_BYTES = "[A-Za-z0-9_-]{43}";

    @Inject
    SecretCipher cipher;

    @Test
    void generatedSecretsAreReturnedOnceAndStoredEncrypted() throws Exception {
        String company = code();
        JsonPath result = importDocument(document("""
                {"code": "%1$s", "oauth_clients": [{"client_id": "cli-%1$s"}],
                 "products": [{"code": "p", "licenses": [{"license_key": "K-%1$s", "type": "perpetual"}]}]}
                """.formatted(company))).statusCode(201).extract().jsonPath();

        String sharedKey = result.getString("companies[0].generated_secrets.shared_keys[0]");
        String apiKey = result.getString("companies[0].generated_secrets.api_keys[0]");
        String clientSecret = result.getString("companies[0].generated_secrets.oauth_clients[0].client_secret");
        assertThat(result.getString("companies[0].generated_secrets.oauth_clients[0].client_id")).isEqualTo("cli-" + company);
        assertThat(List.of(sharedKey, apiKey, clientSecret)).allMatch(s -> s.matches(URL_SAFE_32_BYTES))
                .doesNotHaveDuplicates();

        byte[] storedShared = onlyBytes("SELECT secret_encrypted FROM shared_keys WHERE company_id = ?", company);
        byte[] storedClient = onlyBytes("SELECT secret_encrypted FROM oauth_clients WHERE company_id = ?", company);
        assertStoredEncrypted(storedShared, sharedKey, company);
        assertStoredEncrypted(storedClient, clientSecret, company);
        assertThat(AdminTestData.count("SELECT count(*) FROM api_keys WHERE company_id = ? AND api_key = ?",
                company, apiKey)).isEqualTo(1);

        String license = admin().get("/admin/v1/companies/{c}/licenses/{l}", company, "K-" + company).then()
                .statusCode(200).extract().asString();
        assertThat(license).doesNotContain(sharedKey, apiKey, clientSecret);
    }

    @Test
    void givenSecretsAreStoredEncryptedAndNeverEchoed() throws Exception {
        String company = code();
        String response = importDocument(document(fullCompany(company))).statusCode(201).extract().asString();

        assertThat(response).doesNotContain("shared-" + company, "rotating-" + company, "secret-" + company,
                "pw-" + company, "ak-" + company);
        JsonPath result = JsonPath.from(response);
        assertThat(result.getList("companies[0].generated_secrets.shared_keys")).isEmpty();
        assertThat(result.getList("companies[0].generated_secrets.api_keys")).isEmpty();
        assertThat(result.getList("companies[0].generated_secrets.oauth_clients")).isEmpty();
        assertStoredEncrypted(onlyBytes("SELECT secret_encrypted FROM oauth_clients WHERE company_id = ?", company),
                "secret-" + company, company);
        assertThat(AdminTestData.count("SELECT count(*) FROM license_users WHERE company_id = ? "
                + "AND password_hash LIKE ?", company, "%pw-" + company + "%")).isZero();
    }

    @Test
    void emptyApiKeyListMeansNoApiKey() throws Exception {
        String company = code();
        importDocument(document("{\"code\": \"" + company + "\", \"api_keys\": []}")).statusCode(201)
                .body("companies[0].generated_secrets.api_keys.size()", org.hamcrest.Matchers.equalTo(0))
                .body("companies[0].generated_secrets.shared_keys.size()", org.hamcrest.Matchers.equalTo(1));
        assertThat(AdminTestData.count("SELECT count(*) FROM api_keys WHERE company_id = ?", company)).isZero();
    }

    private void assertStoredEncrypted(byte[] stored, String secret, String company) {
        byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
        assertThat(stored).isNotEqualTo(plain);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
        assertThat(cipher.decrypt(company, stored)).isEqualTo(plain);
    }

    private static byte[] onlyBytes(String sql, String company) throws Exception {
        List<byte[]> values = new ArrayList<>();
        try (Connection connection = TestDatabase.get().connect();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, company);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getBytes(1));
                }
            }
        }
        assertThat(values).hasSize(1);
        return values.get(0);
    }
}
