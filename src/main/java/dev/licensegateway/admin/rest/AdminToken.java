package dev.licensegateway.admin.rest;

import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.crypto.Sha256;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Decides whether a request may use the admin API: {@code Authorization: Bearer <gateway.admin.token>}.
 * Without a configured token the API is closed to everyone. The comparison runs over SHA-256 digests in
 * constant time, so neither the token's content nor its length leaks through timing. The token is never
 * logged.
 */
@ApplicationScoped
public class AdminToken {

    /** Everything under this prefix is the admin API. */
    public static final String PREFIX = "/admin";

    private static final String BEARER = "bearer ";

    private final byte[] expectedDigest;

    @Inject
    public AdminToken(GatewayConfig config) {
        this(config.admin().token());
    }

    public AdminToken(Optional<String> token) {
        this.expectedDigest = token.filter(t -> !t.isBlank()).map(AdminToken::sha256).orElse(null);
    }

    public static boolean protects(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    /** Empty when the request may pass, else the error to answer with. */
    public Optional<ApiException> check(String authorization) {
        if (expectedDigest == null) {
            return Optional.of(ErrorCode.ADMIN_API_CLOSED.exception());
        }
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(ErrorCode.UNAUTHORIZED.exception());
        }
        byte[] presented = sha256(authorization.substring(BEARER.length()).trim());
        return MessageDigest.isEqual(expectedDigest, presented)
                ? Optional.empty()
                : Optional.of(ErrorCode.UNAUTHORIZED.exception());
    }

    private static byte[] sha256(String value) {
        return Sha256.of(value.getBytes(StandardCharsets.UTF_8));
    }
}
