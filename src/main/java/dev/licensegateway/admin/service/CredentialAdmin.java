package dev.licensegateway.admin.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.licensegateway.admin.model.AdminActor;
import dev.licensegateway.admin.store.SessionSql;
import dev.licensegateway.crypto.SecretCipher;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.credentials.ApiKeyId;
import dev.licensegateway.credentials.CredentialCache;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Adds and revokes a company's credentials: shared keys (rotation, each with an optional not-after),
 * API keys and OAuth clients. Each change runs in a Hibernate Reactive transaction like the rest of the
 * provisioning model, is recorded in the admin audit (by identifier, never the secret), commits, and then
 * drops this replica's cached credentials of the company at once; other replicas hear of it through the
 * database's {@code credentials_changed} notice. Secrets are stored encrypted; a generated one is returned
 * once, and nothing lists them afterwards.
 */
@ApplicationScoped
public class CredentialAdmin {

    private final SessionSql sql;
    private final SecretCipher cipher;
    private final CredentialCache cache;
    private final AdminAudit audit;

    public CredentialAdmin(SessionSql sql, SecretCipher cipher, CredentialCache cache, AdminAudit audit) {
        this.sql = sql;
        this.cipher = cipher;
        this.cache = cache;
        this.audit = audit;
    }

    /** A stored shared key as an operator may see it: never the key itself. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SharedKeyView(long sharedKeyId, OffsetDateTime notAfter, OffsetDateTime revokedAt, OffsetDateTime createdAt) {
    }

    /** A stored API key as an operator may see it: its identifier, never the key. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ApiKeyView(String keyId, OffsetDateTime revokedAt, OffsetDateTime createdAt) {
    }

    public Uni<Map<String, Object>> addSharedKey(AdminActor actor, String company, String key, OffsetDateTime notAfter) {
        boolean generate = key == null || key.isBlank();
        String secret = generate ? Secrets.generate() : key;
        return change(company, () -> sql.select("INSERT INTO shared_keys (company_id, secret_encrypted, not_after) "
                        + "VALUES ($1, $2, $3) RETURNING shared_key_id", company, Buffer.buffer(cipher.encrypt(company, secret)), notAfter)
                .flatMap(rows -> {
                    long id = ((Number) rows.get(0)[0]).longValue();
                    Map<String, Object> created = new LinkedHashMap<>();
                    created.put("shared_key_id", id);
                    created.put("not_after", notAfter);
                    return audit.record(actor, company, "create", "shared_key", String.valueOf(id), null,
                                    Map.of("not_after", String.valueOf(notAfter)))
                            .map(none -> {
                                if (generate) {
                                    created.put("key", secret);
                                }
                                return created;
                            });
                }));
    }

    public Uni<List<SharedKeyView>> sharedKeys(String company) {
        return read(company, () -> sql.select("SELECT shared_key_id, not_after, revoked_at, created_at FROM shared_keys "
                + "WHERE company_id = $1 ORDER BY shared_key_id", company).map(rows -> {
                    List<SharedKeyView> keys = new ArrayList<>();
                    for (Object[] row : rows) {
                        keys.add(new SharedKeyView(((Number) row[0]).longValue(), time(row[1]), time(row[2]), time(row[3])));
                    }
                    return keys;
                }));
    }

    public Uni<Void> revokeSharedKey(AdminActor actor, String company, long sharedKeyId) {
        return revoke(actor, company, "shared_key", String.valueOf(sharedKeyId), "shared_keys", "shared_key_id", sharedKeyId);
    }

    public Uni<Map<String, Object>> addApiKey(AdminActor actor, String company, String key) {
        String apiKey = key == null || key.isBlank() ? Secrets.generate() : key;
        String keyId = ApiKeyId.of(apiKey);
        // API keys are unique across companies (the gateway finds the company from the key alone): the
        // NOT EXISTS answers the common case kindly, the directory's unique key (V10) settles a race.
        return change(company, () -> sql.select("INSERT INTO api_keys (company_id, api_key) SELECT $1, $2 "
                        + "WHERE NOT EXISTS (SELECT 1 FROM api_keys WHERE api_key = $2) RETURNING 1", company, apiKey)
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        throw ErrorCode.ALREADY_EXISTS.exception("This API key already exists.");
                    }
                    return audit.record(actor, company, "create", "api_key", keyId, null, Map.of("key_id", keyId));
                })
                .map(none -> {
                    Map<String, Object> created = new LinkedHashMap<>();
                    created.put("key_id", keyId);
                    created.put("key", apiKey);
                    return created;
                }))
                .onFailure(UniqueViolation::matches).transform(e -> ErrorCode.ALREADY_EXISTS.exception("This API key already exists."));
    }

    public Uni<List<ApiKeyView>> apiKeys(String company) {
        return read(company, () -> sql.select("SELECT " + ApiKeyId.SQL + ", revoked_at, created_at FROM api_keys "
                + "WHERE company_id = $1 ORDER BY created_at, 1", company).map(rows -> {
                    List<ApiKeyView> keys = new ArrayList<>();
                    for (Object[] row : rows) {
                        keys.add(new ApiKeyView((String) row[0], time(row[1]), time(row[2])));
                    }
                    return keys;
                }));
    }

    /** Revokes by the key's identifier ({@link ApiKeyId}), so the key never appears in a URL or an access log. */
    public Uni<Void> revokeApiKey(AdminActor actor, String company, String keyId) {
        return revoke(actor, company, "api_key", keyId, "api_keys", ApiKeyId.SQL, keyId);
    }

    public Uni<Map<String, Object>> addOAuthClient(AdminActor actor, String company, String clientId, String clientSecret) {
        String id = clientId == null || clientId.isBlank() ? "client-" + Secrets.generate().substring(0, 16) : clientId;
        boolean generate = clientSecret == null || clientSecret.isBlank();
        String secret = generate ? Secrets.generate() : clientSecret;
        return change(company, () -> sql.select("INSERT INTO oauth_clients (company_id, client_id, secret_encrypted) "
                        + "SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM oauth_clients WHERE client_id = $2) RETURNING 1",
                        company, id, Buffer.buffer(cipher.encrypt(company, secret)))
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        throw ErrorCode.ALREADY_EXISTS.exception("This client id already exists.");
                    }
                    return audit.record(actor, company, "create", "oauth_client", id, null, Map.of("client_id", id));
                })
                .map(none -> {
                    Map<String, Object> created = new LinkedHashMap<>();
                    created.put("client_id", id);
                    if (generate) {
                        created.put("client_secret", secret);
                    }
                    return created;
                }))
                .onFailure(UniqueViolation::matches).transform(e -> ErrorCode.ALREADY_EXISTS.exception("This client id already exists."));
    }

    public Uni<Void> revokeOAuthClient(AdminActor actor, String company, String clientId) {
        return revoke(actor, company, "oauth_client", clientId, "oauth_clients", "client_id", clientId);
    }

    /**
     * Revokes one credential, audited as an update of its {@code revoked_at} (before → after). Revoking it again
     * answers the same and changes nothing, so it writes no audit row.
     */
    private Uni<Void> revoke(AdminActor actor, String company, String type, String key, String table, String match,
                             Object id) {
        String where = " WHERE company_id = $1 AND " + match + " = $2";
        // The old value is read (and the row locked) by a CTE the UPDATE joins, so it is read before the change.
        return change(company, () -> sql.select("WITH old AS (SELECT revoked_at AS was FROM " + table + where
                + " FOR UPDATE) UPDATE " + table + " SET revoked_at = coalesce(revoked_at, now()) FROM old" + where
                + " RETURNING old.was, revoked_at", company, id).flatMap(rows -> {
                    if (rows.isEmpty()) {
                        throw ErrorCode.NOT_FOUND.exception("No such credential in this company.");
                    }
                    Object before = rows.get(0)[0];
                    if (before != null) {
                        return Uni.createFrom().voidItem();
                    }
                    Map<String, Object> was = new LinkedHashMap<>();
                    was.put("revoked_at", null);
                    return audit.record(actor, company, "update", type, key, was,
                            Map.of("revoked_at", String.valueOf(rows.get(0)[1])));
                }));
    }

    /** Runs the change in a transaction on an existing company; after the commit, evicts the company's cached credentials. */
    private <T> Uni<T> change(String company, Supplier<Uni<T>> change) {
        return Panache.withTransaction(() -> existing(company, "FOR SHARE").flatMap(none -> change.get()))
                .invoke(ignored -> cache.evictCompany(company));
    }

    private <T> Uni<T> read(String company, Supplier<Uni<T>> query) {
        return Panache.withSession(() -> existing(company, "").flatMap(none -> query.get()));
    }

    private Uni<Void> existing(String company, String lock) {
        return sql.select("SELECT 1 FROM companies WHERE company_id = $1 " + lock, company).map(rows -> {
            if (rows.isEmpty()) {
                throw ErrorCode.NOT_FOUND.exception("No such company.");
            }
            return null;
        });
    }

    private static OffsetDateTime time(Object value) {
        return (OffsetDateTime) value;
    }
}
