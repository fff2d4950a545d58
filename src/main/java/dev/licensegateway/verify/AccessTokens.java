package dev.licensegateway.verify;

import dev.licensegateway.credentials.SigningKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.licensegateway.config.GatewayConfig;
import dev.licensegateway.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Stateless OAuth access tokens: {@code v1.<base64url claims>.<base64url HMAC-SHA256>}, so that any replica
 * verifies a token without shared state. Claims: client id, company, expiry. The first configured key signs;
 * every configured key verifies (rotation).
 */
@ApplicationScoped
public class AccessTokens {

    private static final String VERSION = "v1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final List<SigningKey> keys;
    private final long ttlSeconds;
    private final Clock clock;

    @Inject
    public AccessTokens(GatewayConfig config) {
        this(keys(config), config.oauth().tokenTtl().toSeconds(), Clock.systemUTC());
    }

    AccessTokens(List<SigningKey> keys, long ttlSeconds, Clock clock) {
        this.keys = keys;
        this.ttlSeconds = ttlSeconds;
        this.clock = clock;
    }

    /** The verified claims of a token. */
    public record Claims(String clientId, String companyId, long expiresAt) {
    }

    public String issue(String clientId, String companyId) {
        long expiresAt = clock.instant().getEpochSecond() + ttlSeconds;
        byte[] claims;
        try {
            claims = JSON.writeValueAsBytes(Map.of("sub", clientId, "co", companyId, "exp", expiresAt));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String body = VERSION + "." + ENCODER.encodeToString(claims);
        return body + "." + ENCODER.encodeToString(keys.get(0).sign(body.getBytes(StandardCharsets.US_ASCII)));
    }

    public long ttlSeconds() {
        return ttlSeconds;
    }

    /** Checks signature, then expiry: a token that is not ours is malformed, one of ours past its time expired. */
    public Claims verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw ErrorCode.OAUTH_TOKEN_MALFORMED.exception();
        }
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        byte[] claimed;
        JsonNode claims;
        try {
            claimed = DECODER.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw ErrorCode.OAUTH_TOKEN_MALFORMED.exception();
        }
        boolean valid = false;
        for (SigningKey key : keys) {
            valid |= key.verifies(signed, claimed);
        }
        if (!valid) {
            throw ErrorCode.OAUTH_TOKEN_MALFORMED.exception();
        }
        try {
            claims = JSON.readTree(DECODER.decode(parts[1]));
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw ErrorCode.OAUTH_TOKEN_MALFORMED.exception();
        }
        if (claims == null || !claims.path("sub").isTextual() || !claims.path("co").isTextual()
                || !claims.path("exp").canConvertToLong()) {
            throw ErrorCode.OAUTH_TOKEN_MALFORMED.exception();
        }
        long expiresAt = claims.get("exp").asLong();
        if (clock.instant().getEpochSecond() >= expiresAt) {
            throw ErrorCode.OAUTH_TOKEN_EXPIRED.exception();
        }
        return new Claims(claims.get("sub").asText(), claims.get("co").asText(), expiresAt);
    }

    private static List<SigningKey> keys(GatewayConfig config) {
        List<SigningKey> keys = new ArrayList<>();
        config.oauth().tokenKeys().ifPresent(list -> list.forEach(k -> keys.add(new SigningKey(Base64.getDecoder().decode(k.trim())))));
        if (keys.isEmpty()) {
            // Every replica has the same encryption key, so this derived key is the same on every replica.
            byte[] master = Base64.getDecoder().decode(config.secrets().encryptionKey().orElseThrow(() ->
                    new IllegalStateException("gateway.secrets.encryption-key is required")).trim());
            keys.add(new SigningKey(new SigningKey(master).sign("license-gateway oauth token key".getBytes(StandardCharsets.US_ASCII))));
        }
        return List.copyOf(keys);
    }
}
