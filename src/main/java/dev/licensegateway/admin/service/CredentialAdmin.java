package dev.licensegateway.admin.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.licensegateway.crypto.SecretCipher;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.credentials.CredentialCache;
import dev.licensegateway.credentials.ApiKeyId;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds and revokes a company's credentials: shared keys (rotation, each with an optional not-after),
 * API keys and OAuth clients. Each change commits, then drops this replica's cached credentials of the
 * company at once; other replicas hear of it through the database's {@code credentials_changed} notice.
 * Secrets are stored encrypted; a generated one is returned once, and nothing lists them afterwards.
 */
@ApplicationScoped
public class CredentialAdmin {

    private final Pool pool;
    private final SecretCipher cipher;
    private final CredentialCache cache;

    public CredentialAdmin(Pool pool, SecretCipher cipher, CredentialCache cache) {
        this.pool = pool;
        this.cipher = cipher;
        this.cache = cache;
    }

    /** A stored shared key as an operator may see it: never the key itself. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SharedKeyView(long sharedKeyId, OffsetDateTime notAfter, OffsetDateTime revokedAt, OffsetDateTime createdAt) {
    }

    public Uni<Map<String, Object>> addSharedKey(String company, String key, OffsetDateTime notAfter) {
        String secret = key == null || key.isBlank() ? Secrets.generate() : key;
        return withCompany(company, client -> client.preparedQuery("""
                        INSERT INTO shared_keys (company_id, secret_encrypted, not_after) VALUES ($1, $2, $3)
                        RETURNING shared_key_id""")
                .execute(Tuple.of(company, Buffer.buffer(cipher.encrypt(company, secret)), notAfter))
                .map(rows -> {
                    Map<String, Object> created = new java.util.LinkedHashMap<>();
                    created.put("shared_key_id", rows.iterator().next().getLong(0));
                    created.put("not_after", notAfter);
                    if (key == null || key.isBlank()) {
                        created.put("key", secret);
                    }
                    return created;
                }));
    }

    public Uni<List<SharedKeyView>> sharedKeys(String company) {
        return withCompany(company, client -> client.preparedQuery("""
                        SELECT shared_key_id, not_after, revoked_at, created_at FROM shared_keys
                        WHERE company_id = $1 ORDER BY shared_key_id""")
                .execute(Tuple.of(company))
                .map(rows -> {
                    List<SharedKeyView> keys = new ArrayList<>();
                    for (Row row : rows) {
                        keys.add(new SharedKeyView(row.getLong(0), row.getOffsetDateTime(1), row.getOffsetDateTime(2),
                                row.getOffsetDateTime(3)));
                    }
                    return keys;
                }));
    }

    public Uni<Void> revokeSharedKey(String company, long sharedKeyId) {
        return revoke(company, "UPDATE shared_keys SET revoked_at = coalesce(revoked_at, now()) "
                + "WHERE company_id = $1 AND shared_key_id = $2", Tuple.of(company, sharedKeyId));
    }

    public Uni<Map<String, Object>> addApiKey(String company, String key) {
        String apiKey = key == null || key.isBlank() ? Secrets.generate() : key;
        // API keys are unique across companies: the gateway finds the company from the key alone.
        return withCompany(company, client -> client.preparedQuery("""
                        INSERT INTO api_keys (company_id, api_key)
                        SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM api_keys WHERE api_key = $2)
                        RETURNING api_key""")
                .execute(Tuple.of(company, apiKey))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ErrorCode.ALREADY_EXISTS.exception("This API key already exists.");
                    }
                    Map<String, Object> created = new java.util.LinkedHashMap<>();
                    created.put("key_id", ApiKeyId.of(apiKey));
                    created.put("key", apiKey);
                    return created;
                }))
                // The same key added for two companies at once: the directory's unique key lets one through (V10).
                .onFailure(UniqueViolation::matches).transform(e -> ErrorCode.ALREADY_EXISTS.exception("This API key already exists."));
    }

    /** A stored API key as an operator may see it: its identifier, never the key. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ApiKeyView(String keyId, OffsetDateTime revokedAt, OffsetDateTime createdAt) {
    }

    public Uni<List<ApiKeyView>> apiKeys(String company) {
        return withCompany(company, client -> client.preparedQuery("SELECT " + ApiKeyId.SQL
                        + ", revoked_at, created_at FROM api_keys WHERE company_id = $1 ORDER BY created_at, 1")
                .execute(Tuple.of(company))
                .map(rows -> {
                    List<ApiKeyView> keys = new ArrayList<>();
                    for (Row row : rows) {
                        keys.add(new ApiKeyView(row.getString(0), row.getOffsetDateTime(1), row.getOffsetDateTime(2)));
                    }
                    return keys;
                }));
    }

    /** Revokes by the key's identifier ({@link ApiKeyId}), so the key never appears in a URL or an access log. */
    public Uni<Void> revokeApiKey(String company, String keyId) {
        return revoke(company, "UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) "
                + "WHERE company_id = $1 AND " + ApiKeyId.SQL + " = $2", Tuple.of(company, keyId));
    }

    public Uni<Map<String, Object>> addOAuthClient(String company, String clientId, String clientSecret) {
        String id = clientId == null || clientId.isBlank() ? "client-" + Secrets.generate().substring(0, 16) : clientId;
        String secret = clientSecret == null || clientSecret.isBlank() ? Secrets.generate() : clientSecret;
        return withCompany(company, client -> client.preparedQuery("""
                        INSERT INTO oauth_clients (company_id, client_id, secret_encrypted)
                        SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM oauth_clients WHERE client_id = $2)
                        RETURNING client_id""")
                .execute(Tuple.of(company, id, Buffer.buffer(cipher.encrypt(company, secret))))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ErrorCode.ALREADY_EXISTS.exception("This client id already exists.");
                    }
                    Map<String, Object> created = new java.util.LinkedHashMap<>();
                    created.put("client_id", id);
                    if (clientSecret == null || clientSecret.isBlank()) {
                        created.put("client_secret", secret);
                    }
                    return created;
                }))
                .onFailure(UniqueViolation::matches).transform(e -> ErrorCode.ALREADY_EXISTS.exception("This client id already exists."));
    }

    public Uni<Void> revokeOAuthClient(String company, String clientId) {
        return revoke(company, "UPDATE oauth_clients SET revoked_at = coalesce(revoked_at, now()) "
                + "WHERE company_id = $1 AND client_id = $2", Tuple.of(company, clientId));
    }

    private Uni<Void> revoke(String company, String sql, Tuple tuple) {
        return withCompany(company, client -> client.preparedQuery(sql).execute(tuple).map(rows -> {
            if (rows.rowCount() == 0) {
                throw ErrorCode.NOT_FOUND.exception("No such credential in this company.");
            }
            return null;
        }));
    }

    /** Runs the change in a transaction on an existing company, then evicts the company's cached credentials. */
    private <T> Uni<T> withCompany(String company, java.util.function.Function<SqlClient, Uni<T>> change) {
        return pool.withTransaction(connection -> connection
                        .preparedQuery("SELECT 1 FROM companies WHERE company_id = $1 FOR SHARE")
                        .execute(Tuple.of(company))
                        .flatMap(rows -> {
                            if (rows.size() == 0) {
                                throw ErrorCode.NOT_FOUND.exception("No such company.");
                            }
                            return change.apply(connection);
                        }))
                .invoke(ignored -> cache.evictCompany(company));
    }
}
