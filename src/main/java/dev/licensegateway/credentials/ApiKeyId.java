package dev.licensegateway.credentials;

import dev.licensegateway.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The identifier of an API key, which the audit records and the admin API lists and revokes by, so that the
 * key itself reaches neither the database's audit trail nor a URL (access logs): {@code ak_} and the first 16
 * hex digits of the key's SHA-256. Anyone holding the key can compute it; it reveals nothing of the key. The
 * same expression in SQL is {@link #SQL}.
 */
public final class ApiKeyId {

    /** The identifier of column {@code api_key}, computed by PostgreSQL. */
    public static final String SQL = "'ak_' || substr(encode(sha256(convert_to(api_key, 'UTF8')), 'hex'), 1, 16)";

    private ApiKeyId() {
    }

    public static String of(String apiKey) {
        byte[] digest = Sha256.of(apiKey.getBytes(StandardCharsets.UTF_8));
        return "ak_" + HexFormat.of().formatHex(digest, 0, 8);
    }
}
