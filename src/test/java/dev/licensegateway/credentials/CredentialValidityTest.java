package dev.licensegateway.credentials;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.crypto.SecretCipher;
import dev.licensegateway.testing.Http;
import dev.licensegateway.testing.SdkHeaders;
import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cache keeps keys, never a verdict past its validity: a shared key stops verifying the moment its
 * {@code not_after} passes on a warm cache (the cache TTL is minutes), and a lookup that was in flight while a
 * revocation committed is not what the cache keeps.
 */
@QuarkusTest
class CredentialValidityTest {

    static final String PATH = "/api/v4/deactivate_offline";

    @Inject
    Pool pool;
    @Inject
    SecretCipher cipher;
    @Inject
    GatewayConfig config;

    @Test
    void aKeyExpiringMidTestIsRefusedWithinASecondOnAWarmCache() throws Exception {
        TestCompany company = TestCompany.create();
        String expiring = "expiring-key-" + company.code;
        Instant notAfter = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        given().auth().oauth2(TestCompany.ADMIN_TOKEN).contentType(ContentType.JSON)
                .body("{\"key\": \"" + expiring + "\", \"not_after\": \"" + notAfter + "\"}")
                .when().post("/admin/v1/companies/" + company.code + "/shared-keys").then().statusCode(201);

        // Warm: the key verifies, and the company's entry is cached (no change announced after this).
        assertThat(upload(company, expiring, "hw-1").statusCode()).isEqualTo(200);
        while (Instant.now().isBefore(notAfter)) {
            Thread.sleep(20);
        }
        Instant passed = Instant.now();
        HttpResponse<String> late = upload(company, expiring, "hw-2");
        System.out.printf("not_after passed %d ms before the refused request was sent%n",
                Duration.between(notAfter, passed).toMillis());
        assertThat(late.statusCode()).as(late.body()).isEqualTo(400);
        assertThat(late.body()).contains("\"code\":\"signature_mismatch\"");
        assertThat(company.deviceActive("PERP", "hw-2")).isTrue();
        // The company's other key is untouched.
        assertThat(upload(company, company.sharedKey, "hw-3").statusCode()).isEqualTo(200);
    }

    @Test
    void aLookupInFlightWhileARevocationCommitsIsNotCached() throws Exception {
        TestCompany company = TestCompany.create();
        HeldStore store = new HeldStore(pool, cipher);
        CredentialCache cache = new CredentialCache(store, config);
        cache.subscribed();

        // The first lookup reads the unrevoked row, and its answer is held back...
        CompletableFuture<Optional<Credentials>> first = cache.findByApiKey(company.apiKey).subscribeAsCompletionStage();
        assertThat(store.read.await(10, TimeUnit.SECONDS)).isTrue();
        // ...while the revocation commits and its notification evicts the company, as the listener does.
        company.one("WITH x AS (UPDATE api_keys SET revoked_at = now() WHERE company_id = ? RETURNING 1) SELECT count(*) FROM x");
        cache.evictCompany(company.code);
        store.release.complete(null);

        assertThat(first.get(10, TimeUnit.SECONDS).orElseThrow().revoked())
                .as("the load read again after the eviction").isTrue();
        assertThat(cache.findByApiKey(company.apiKey).await().atMost(Duration.ofSeconds(10)).orElseThrow().revoked())
                .as("what the cache keeps").isTrue();
    }

    @Test
    void nothingIsCachedWhileChangeNotificationsAreDown() {
        TestCompany company = TestCompany.create();
        CredentialCache cache = new CredentialCache(new CredentialStore(pool, cipher), config);
        assertThat(cache.findByApiKey(company.apiKey).await().atMost(Duration.ofSeconds(10)).orElseThrow().revoked()).isFalse();
        company.one("WITH x AS (UPDATE api_keys SET revoked_at = now() WHERE company_id = ? RETURNING 1) SELECT count(*) FROM x");
        // No eviction reached this cache (it never subscribed), yet the revocation holds.
        assertThat(cache.findByApiKey(company.apiKey).await().atMost(Duration.ofSeconds(10)).orElseThrow().revoked()).isTrue();
    }

    private static HttpResponse<String> upload(TestCompany company, String sharedKey, String hardwareId) {
        String file = SdkRequestFile.keyBased(sharedKey, company.apiKey, "studio", "PERP", hardwareId).file();
        return Http.send(Http.post(PATH, SdkHeaders.apiKey(sharedKey, company.apiKey), "text/plain", file));
    }

    /** The real store, whose first answer waits (after its query has run) until the test releases it. */
    static final class HeldStore extends CredentialStore {
        final CountDownLatch read = new CountDownLatch(1);
        final CompletableFuture<Void> release = new CompletableFuture<>();

        HeldStore(Pool pool, SecretCipher cipher) {
            super(pool, cipher);
        }

        @Override
        public Uni<Optional<CredentialEntry>> findByApiKey(String apiKey) {
            return super.findByApiKey(apiKey).call(() -> {
                read.countDown();
                return Uni.createFrom().completionStage(release);
            });
        }
    }
}
