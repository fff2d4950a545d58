package dev.licensegateway.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.crypto.SecretCipher;
import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.SdkHeaders;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import dev.licensegateway.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** User-based licenses with and without a password, and shared keys inside and outside their window. */
@QuarkusTest
class UserAndKeyWindowTest {

    static final String PATH = "/api/v4/deactivate_offline";

    @Inject
    SecretCipher cipher;

    @Test
    void userBasedDeactivationWithTheRightPasswordWithoutOneAndWithAWrongOne() {
        TestCompany company = TestCompany.create();
        String before = company.snapshot();
        HttpResponse<String> wrong = upload(company, userFile(company, "hw-1").with("password", "not-it"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("\"code\":\"license_not_found\"");
        HttpResponse<String> unknown = upload(company, SdkRequestFile.userBased(company.sharedKey, company.apiKey, "cloud",
                "nobody@" + company.code + ".test", "hw-1").with("password", "not-it"));
        assertThat(unknown.body()).isEqualTo(wrong.body());
        assertThat(company.snapshot()).isEqualTo(before);

        assertThat(upload(company, userFile(company, "hw-1").with("password", "pw-" + company.code)).statusCode()).isEqualTo(200);
        assertThat(upload(company, userFile(company, "hw-2")).statusCode()).isEqualTo(200);
        assertThat(company.count("deactivation_events")).isEqualTo(2);
    }

    @Test
    void anOldSharedKeyVerifiesInsideItsWindowAndNotAfter() throws Exception {
        TestCompany company = TestCompany.create();
        String inWindow = TestCompany.random("sk-a-");
        String pastWindow = TestCompany.random("sk-b-");
        addSharedKey(company.code, inWindow, Instant.now().plusSeconds(3600));
        addSharedKey(company.code, pastWindow, Instant.now().minusSeconds(1));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(2)).until(() ->
                upload(company, inWindow, "hw-1").statusCode() == 200);
        HttpResponse<String> expired = upload(company, pastWindow, "hw-2");
        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(expired.body()).contains("\"code\":\"signature_mismatch\"");
        assertThat(upload(company, company.sharedKey, "hw-3").statusCode()).isEqualTo(200);
    }

    private void addSharedKey(String companyId, String key, Instant notAfter) throws Exception {
        try (Connection connection = TestDatabase.get().connect();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO shared_keys (company_id, secret_encrypted, not_after) VALUES (?, ?, ?)")) {
            insert.setString(1, companyId);
            insert.setBytes(2, cipher.encrypt(companyId, key));
            insert.setTimestamp(3, Timestamp.from(notAfter));
            insert.executeUpdate();
        }
    }

    private static SdkRequestFile userFile(TestCompany company, String hardwareId) {
        return SdkRequestFile.userBased(company.sharedKey, company.apiKey, "cloud", company.username(), hardwareId);
    }

    private static HttpResponse<String> upload(TestCompany company, SdkRequestFile file) {
        return Http.send(Http.post(PATH, company.headers(), "text/plain", file.file()));
    }

    private static HttpResponse<String> upload(TestCompany company, String sharedKey, String hardwareId) {
        String file = SdkRequestFile.keyBased(sharedKey, company.apiKey, "studio", "PERP", hardwareId).file();
        return Http.send(Http.post(PATH, SdkHeaders.apiKey(sharedKey, company.apiKey), "text/plain", file));
    }
}
