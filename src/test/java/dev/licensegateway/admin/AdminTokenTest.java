package dev.licensegateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.licensegateway.admin.rest.AdminToken;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The admin token decision on its own, including the configuration a running test app cannot have. */
class AdminTokenTest {

    private static Optional<ErrorCode> decide(Optional<String> configured, String authorization) {
        return new AdminToken(configured).check(authorization).map(ApiException::code);
    }

    @Test
    void withoutAConfiguredTokenTheApiIsClosedToEveryone() {
        assertThat(decide(Optional.empty(), "Bearer anything")).contains(ErrorCode.ADMIN_API_CLOSED);
        assertThat(decide(Optional.empty(), null)).contains(ErrorCode.ADMIN_API_CLOSED);
        assertThat(decide(Optional.of("   "), "Bearer    ")).contains(ErrorCode.ADMIN_API_CLOSED);
        assertThat(ErrorCode.ADMIN_API_CLOSED.status()).isEqualTo(403);
    }

    @Test
    void theConfiguredBearerTokenPasses() {
        assertThat(decide(Optional.of("s3cret"), "Bearer s3cret")).isEmpty();
        assertThat(decide(Optional.of("s3cret"), "bearer s3cret")).isEmpty();
        assertThat(decide(Optional.of("s3cret"), "BEARER  s3cret ")).isEmpty();
    }

    @Test
    void aMissingOrWrongTokenIsUnauthorized() {
        assertThat(decide(Optional.of("s3cret"), null)).contains(ErrorCode.UNAUTHORIZED);
        assertThat(decide(Optional.of("s3cret"), "")).contains(ErrorCode.UNAUTHORIZED);
        assertThat(decide(Optional.of("s3cret"), "Bearer ")).contains(ErrorCode.UNAUTHORIZED);
        assertThat(decide(Optional.of("s3cret"), "Bearer s3cre")).contains(ErrorCode.UNAUTHORIZED);
        assertThat(decide(Optional.of("s3cret"), "Bearer s3cret2")).contains(ErrorCode.UNAUTHORIZED);
        assertThat(decide(Optional.of("s3cret"), "Basic s3cret")).contains(ErrorCode.UNAUTHORIZED);
        assertThat(decide(Optional.of("s3cret"), "s3cret")).contains(ErrorCode.UNAUTHORIZED);
    }

    @Test
    void theErrorNeverCarriesTheToken() {
        ApiException error = new AdminToken(Optional.of("s3cret")).check("Bearer wrong").orElseThrow();
        assertThat(error.getMessage()).doesNotContain("s3cret", "wrong");
    }

    @Test
    void onlyAdminPathsAreGuarded() {
        assertThat(AdminToken.protects("/admin/v1/import")).isTrue();
        assertThat(AdminToken.protects("/admin")).isTrue();
        assertThat(AdminToken.protects("/administrator")).isFalse();
        assertThat(AdminToken.protects("/api/v4/deactivate_offline")).isFalse();
    }
}
