package dev.licensegateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.SdkHeaders;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * API keys and client ids are unique across companies by the database (credential_directory, V10), not by a
 * check-then-insert: the same key added for two companies at the same instant is created once, the other
 * call is 409, and the key works for the company that got it.
 */
@QuarkusTest
class CredentialUniquenessTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final int ROUNDS = 20;

    @Test
    void theSameApiKeyAddedForTwoCompaniesAtOnceIsCreatedOnce() {
        TestCompany a = TestCompany.create();
        TestCompany b = TestCompany.create();
        for (int round = 0; round < ROUNDS; round++) {
            String key = TestCompany.random("race-key");
            List<HttpResponse<String>> answers = race(
                    add(a, "api-keys", "{\"key\": \"" + key + "\"}"), add(b, "api-keys", "{\"key\": \"" + key + "\"}"));
            assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(201, 409);
            assertThat(answers).filteredOn(r -> r.statusCode() == 409)
                    .allSatisfy(r -> assertThat(r.body()).contains("\"code\":\"already_exists\""));
            TestCompany winner = answers.get(0).statusCode() == 201 ? a : b;
            String file = SdkRequestFile.keyBased(winner.sharedKey, key, "studio", "PERP", "hw-" + (round % 3 + 1)).file();
            HttpResponse<String> used = Http.send(Http.post("/api/v4/deactivate_offline",
                    SdkHeaders.apiKey(winner.sharedKey, key), "text/plain", file));
            assertThat(used.body()).doesNotContain("invalid_api_key");
        }
    }

    @Test
    void theSameClientIdAddedForTwoCompaniesAtOnceIsCreatedOnce() {
        TestCompany a = TestCompany.create();
        TestCompany b = TestCompany.create();
        for (int round = 0; round < ROUNDS; round++) {
            String clientId = TestCompany.random("race-client");
            List<HttpResponse<String>> answers = race(add(a, "oauth-clients", "{\"client_id\": \"" + clientId + "\"}"),
                    add(b, "oauth-clients", "{\"client_id\": \"" + clientId + "\"}"));
            assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(201, 409);
        }
    }

    private static HttpRequest add(TestCompany company, String credential, String json) {
        return HttpRequest.newBuilder(URI.create(Http.uri("/admin/v1/companies/" + company.code + "/" + credential).toString()))
                .header("Authorization", "Bearer " + TestCompany.ADMIN_TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static List<HttpResponse<String>> race(HttpRequest first, HttpRequest second) {
        CompletableFuture<HttpResponse<String>> one = CLIENT.sendAsync(first, HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> two = CLIENT.sendAsync(second, HttpResponse.BodyHandlers.ofString());
        return List.of(one.join(), two.join());
    }
}
