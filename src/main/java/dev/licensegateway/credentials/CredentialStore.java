package dev.licensegateway.credentials;

import dev.licensegateway.crypto.SecretCipher;
import dev.licensegateway.credentials.Credentials;
import dev.licensegateway.credentials.SigningKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads API keys with their company's active shared keys, decrypted into ready HMAC keys. */
@ApplicationScoped
public class CredentialStore {

    // An API key is globally unique by import; two rows would be ambiguous and are treated as unknown.
    private static final String BY_API_KEY = """
            SELECT a.company_id, a.revoked_at IS NOT NULL AS revoked, c.require_schema_v2,
                   ARRAY(SELECT s.secret_encrypted FROM shared_keys s
                         WHERE s.company_id = a.company_id AND s.revoked_at IS NULL
                           AND (s.not_after IS NULL OR s.not_after > now())
                         ORDER BY s.shared_key_id DESC) AS shared_keys,
                   ARRAY(SELECT s.not_after FROM shared_keys s
                         WHERE s.company_id = a.company_id AND s.revoked_at IS NULL
                           AND (s.not_after IS NULL OR s.not_after > now())
                         ORDER BY s.shared_key_id DESC) AS not_after
            FROM api_keys a JOIN companies c ON c.company_id = a.company_id
            WHERE a.api_key = $1
            LIMIT 2""";

    // A client id is globally unique by import, like an API key.
    private static final String BY_CLIENT_ID = """
            SELECT o.company_id, o.revoked_at IS NOT NULL AS revoked, c.require_schema_v2, o.secret_encrypted
            FROM oauth_clients o JOIN companies c ON c.company_id = o.company_id
            WHERE o.client_id = $1
            LIMIT 2""";

    private final Pool pool;
    private final SecretCipher cipher;

    public CredentialStore(Pool pool, SecretCipher cipher) {
        this.pool = pool;
        this.cipher = cipher;
    }

    /** The key's credentials, with each shared key's {@code not_after} for the cache to apply at use. */
    public Uni<Optional<CredentialEntry>> findByApiKey(String apiKey) {
        return pool.preparedQuery(BY_API_KEY).execute(Tuple.of(apiKey)).map(rows -> single(rows, apiKey));
    }

    /**
     * An OAuth client's credentials: its secret signs the inner signature; the v2 outer signature may be
     * keyed with the secret or, as the Python SDK does by mistake, with the client id.
     */
    public Uni<Optional<CredentialEntry>> findByClientId(String clientId) {
        return pool.preparedQuery(BY_CLIENT_ID).execute(Tuple.of(clientId)).map(rows -> {
            if (rows.size() != 1) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            String companyId = row.getString("company_id");
            SigningKey secret = new SigningKey(cipher.decrypt(companyId,
                    row.getDelegate().getBuffer("secret_encrypted").getBytes()));
            SigningKey id = new SigningKey(clientId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Optional.of(CredentialEntry.withoutEnd(new Credentials(companyId, clientId, row.getBoolean("revoked"),
                    row.getBoolean("require_schema_v2"), true, List.of(secret), List.of(secret, id))));
        });
    }

    private Optional<CredentialEntry> single(RowSet<Row> rows, String apiKey) {
        if (rows.size() != 1) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        String companyId = row.getString("company_id");
        List<SigningKey> keys = new ArrayList<>();
        for (io.vertx.core.buffer.Buffer encrypted : row.getDelegate().getArrayOfBuffers("shared_keys")) {
            keys.add(new SigningKey(cipher.decrypt(companyId, encrypted.getBytes())));
        }
        List<Instant> notAfter = new ArrayList<>();
        for (java.time.OffsetDateTime end : row.getArrayOfOffsetDateTimes("not_after")) {
            notAfter.add(end == null ? null : end.toInstant());
        }
        return Optional.of(CredentialEntry.of(Credentials.apiKey(companyId, apiKey, row.getBoolean("revoked"),
                row.getBoolean("require_schema_v2"), List.copyOf(keys)), notAfter));
    }
}
