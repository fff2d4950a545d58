package dev.licensegateway.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.crypto.SecretCipher;
import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.SdkHeaders;
import dev.licensegateway.testing.TestCompany;
import dev.licensegateway.testing.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Rotating a company's shared key reaches warm credential caches at once: the database announces the
 * change (LISTEN/NOTIFY), so neither the new key waits for a TTL nor the revoked one lingers.
 */
@QuarkusTest
class KeyRotationTest {

    static final String PATH = "/api/v4/deactivate_offline";

    @Inject
    SecretCipher cipher;

    @Test
    void aRotatedSharedKeyTakesEffectOnAWarmCache() throws Exception {
        TestCompany company = TestCompany.create();
        assertThat(upload(company.sharedKey, company, "hw-1").statusCode()).isEqualTo(200); // cache now warm

        String newKey = TestCompany.random("sk-new-");
        try (Connection connection = TestDatabase.get().connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement add = connection.prepareStatement(
                    "INSERT INTO shared_keys (company_id, secret_encrypted) VALUES (?, ?)");
                 PreparedStatement revoke = connection.prepareStatement(
                    "UPDATE shared_keys SET revoked_at = now() WHERE company_id = ? AND shared_key_id <> "
                            + "(SELECT max(shared_key_id) FROM shared_keys WHERE company_id = ?)")) {
                add.setString(1, company.code);
                add.setBytes(2, cipher.encrypt(company.code, newKey));
                add.executeUpdate();
                revoke.setString(1, company.code);
                revoke.setString(2, company.code);
                revoke.executeUpdate();
            }
            connection.commit();
        }

        // The notification travels asynchronously after the commit: milliseconds, far below any TTL.
        Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> upload(newKey, company, "hw-2").statusCode() == 200);
        HttpResponse<String> old = upload(company.sharedKey, company, "hw-3");
        assertThat(old.statusCode()).isEqualTo(400);
        assertThat(old.body()).contains("\"code\":\"signature_mismatch\"");
        assertThat(company.deviceActive("PERP", "hw-3")).isTrue();
    }

    private static HttpResponse<String> upload(String sharedKey, TestCompany company, String hardwareId) {
        String file = dev.licensegateway.testing.SdkRequestFile
                .keyBased(sharedKey, company.apiKey, "studio", "PERP", hardwareId).file();
        return Http.send(Http.post(PATH, SdkHeaders.apiKey(sharedKey, company.apiKey), "text/plain", file));
    }
}
