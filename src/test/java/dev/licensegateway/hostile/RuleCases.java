package dev.licensegateway.hostile;

import static dev.licensegateway.hostile.HostileCase.post;
import static dev.licensegateway.hostile.HostileCase.refused;
import static dev.licensegateway.hostile.HostileCase.replayed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.testing.SdkRequestFile;
import dev.licensegateway.testing.TestCompany;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Business rules with lookalike identifiers, and idempotency: replays, request ids and inner signatures
 * that were already applied. Rows that need an earlier deactivation use CONS devices hw-31… of their own.
 */
final class RuleCases {

    private RuleCases() {
    }

    /** Uploads a file as setup and insists it was applied. */
    static SdkRequestFile applied(TestCompany c, SdkRequestFile file) {
        RawHttp.Response response = RawHttp.exchange(HostileInputCatalogueTest.port(), post(c, file), Duration.ofSeconds(20));
        assertThat(response.status()).as("setup upload: %s", response.text()).isEqualTo(200);
        return file;
    }

    static String date(SdkRequestFile file) {
        return (String) file.request().get("date");
    }

    static Stream<HostileCase> cases() {
        String g = "rules";
        String i = "idempotency";
        return Stream.of(
                refused(g, "product code carrying SQL", 400, "unknown_product",
                        c -> post(c, c.file("PERP", "hw-1").with("product", "studio' OR '1'='1"))),
                refused(g, "license key under the user-based product", 400, "license_not_found",
                        c -> post(c, c.file("PERP", "hw-1").with("product", "cloud"))),
                refused(g, "username on the license-key product", 400, "license_not_found",
                        c -> post(c, SdkRequestFile.userBased(c.sharedKey, c.apiKey, "studio", c.username(), "hw-1"))),
                refused(g, "username in another case", 400, "license_not_found", c -> post(c,
                        SdkRequestFile.userBased(c.sharedKey, c.apiKey, "cloud", c.username().toUpperCase(java.util.Locale.ROOT), "hw-1"))),
                refused(g, "license key carrying SQL", 400, "license_not_found", c -> post(c, c.file("PERP' OR '1'='1", "hw-1"))),
                refused(g, "license key '%'", 400, "license_not_found", c -> post(c, c.file("%", "hw-1"))),
                refused(g, "license key in lower case", 400, "license_not_found", c -> post(c, c.file("perp", "hw-1"))),
                refused(g, "hardware id in upper case", 400, "device_not_found", c -> post(c, c.file("PERP", "HW-1"))),
                refused(g, "hardware id with a trailing space", 400, "device_not_found", c -> post(c, c.file("PERP", "hw-1 "))),
                refused(g, "hardware id of another license", 400, "device_not_found", c -> post(c, c.file("PERP", "hw-40"))),
                refused(g, "consumptions of 10^12", 400, "license_not_enough_consumptions",
                        c -> post(c, c.file("CONS", "hw-1").consumptions(1_000_000_000_000L))),
                refused(g, "negative feature consumptions", 400, "negative_consumptions_not_allowed",
                        c -> post(c, c.file("CONS", "hw-1").feature("render-minutes", -1))),
                refused(g, "a feature listed 51 times, 1 each", 400, "feature_not_enough_consumptions", c -> {
                    SdkRequestFile file = c.file("CONS", "hw-1");
                    for (int n = 0; n < 51; n++) {
                        file.feature("render-minutes", 1);
                    }
                    return post(c, file);
                }),
                refused(g, "256 entries of 10^12 each do not overflow", 400, "feature_not_enough_consumptions", c -> {
                    SdkRequestFile file = c.file("CONS", "hw-1");
                    for (int n = 0; n < 256; n++) {
                        file.feature("render-minutes", 1_000_000_000_000L);
                    }
                    return post(c, file);
                }),
                refused(g, "feature code in another case", 400, "unsupported_product_feature",
                        c -> post(c, c.file("CONS", "hw-1").feature("Render-Minutes", 1))),
                refused(g, "consumptions on a trial license", 400, "license_not_consumption",
                        c -> post(c, c.file("TRIAL", "hw-1").consumptions(1))),
                refused(g, "disabled license with consumptions: disabled wins", 400, "license_not_enabled",
                        c -> post(c, c.file("OFF", "hw-1").consumptions(5))),
                // idempotency
                refused(i, "a device deactivated before", 400, "device_not_found", c -> {
                    applied(c, c.file("CONS", "hw-31"));
                    // Written a minute later, so it is a new file with a new inner signature, not the same one again.
                    return post(c, c.file("CONS", "hw-31").with("date", HeaderCases.IMF.format(java.time.Instant.now().plusSeconds(60))));
                }),
                replayed(i, "the same file again is a replay", c -> post(c, applied(c, c.file("CONS", "hw-32").consumptions(2)))),
                replayed(i, "an old file never deactivates a newer activation", c -> {
                    SdkRequestFile file = applied(c, c.file("CONS", "hw-33"));
                    c.one("WITH d AS (UPDATE devices SET active = true, deactivated_at = NULL WHERE company_id = ? AND device_id = "
                            + "(SELECT device_id FROM devices JOIN licenses USING (company_id, license_id) "
                            + "WHERE devices.company_id = ? AND license_key = 'CONS' AND hardware_id = 'hw-33') RETURNING 1) "
                            + "SELECT count(*) FROM d", c.code);
                    return post(c, file);
                }),
                refused(i, "an applied request id on another device", 409, "request_id_conflict", c -> {
                    SdkRequestFile first = applied(c, c.file("CONS", "hw-34"));
                    return post(c, c.file("CONS", "hw-35").with("request_id", first.requestId()));
                }),
                refused(i, "an applied inner signature under a new request id with more consumptions", 409, "request_id_conflict", c -> {
                    SdkRequestFile first = applied(c, c.file("CONS", "hw-36").consumptions(1));
                    return post(c, c.file("CONS", "hw-36").with("date", date(first)).consumptions(50));
                }),
                refused(i, "an applied inner signature under a new request id, nothing else changed", 409, "request_id_conflict", c -> {
                    SdkRequestFile first = applied(c, c.file("CONS", "hw-37"));
                    return post(c, c.file("CONS", "hw-37").with("date", date(first)));
                }),
                refused(i, "an applied v1 file wrapped as v2 with the same request id", 409, "request_id_conflict", c -> {
                    SdkRequestFile first = applied(c, c.file("CONS", "hw-38"));
                    return post(c, c.file("CONS", "hw-38").with("date", date(first)).with("request_id", first.requestId()).v2());
                }));
    }
}
