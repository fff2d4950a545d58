package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.AdminActor;
import dev.licensegateway.admin.model.ImportDocument.ApiKey;
import dev.licensegateway.admin.model.ImportDocument.Company;
import dev.licensegateway.admin.model.ImportDocument.OAuthClient;
import dev.licensegateway.admin.model.ImportDocument.Product;
import dev.licensegateway.admin.model.ImportDocument.SharedKey;
import dev.licensegateway.admin.model.ImportDocument.User;
import dev.licensegateway.admin.model.ImportResult.ClientSecret;
import dev.licensegateway.admin.model.ImportResult.Counts;
import dev.licensegateway.admin.model.ImportResult.GeneratedSecrets;
import dev.licensegateway.admin.model.UpsertResult.CompanyChanges;
import dev.licensegateway.admin.service.ImportPlan.PlannedCompany;
import dev.licensegateway.admin.store.CompanyEntity;
import dev.licensegateway.admin.store.CompanyRepository;
import dev.licensegateway.admin.store.SessionSql;
import dev.licensegateway.credentials.ApiKeyId;
import dev.licensegateway.crypto.SecretCipher;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.credentials.CredentialCache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes an upsert document in one transaction, one import at a time (the import's advisory lock): a company
 * that does not exist is created exactly as in create mode; an existing one gets its changed fields, the
 * credentials it lacks (credentials are never changed or revoked here: that is the key rotation API's job),
 * and its products upserted one by one. Every change is audited.
 */
@ApplicationScoped
public class UpsertWriter {

    private final ImportConflicts conflicts;
    private final ImportWriter creator;
    private final CompanyRepository companies;
    private final ProductUpsert products;
    private final SessionSql sql;
    private final SecretCipher cipher;
    private final AdminAudit audit;
    private final CredentialCache cache;

    public UpsertWriter(ImportConflicts conflicts, ImportWriter creator, CompanyRepository companies,
                        ProductUpsert products, SessionSql sql, SecretCipher cipher, AdminAudit audit,
                        CredentialCache cache) {
        this.conflicts = conflicts;
        this.creator = creator;
        this.companies = companies;
        this.products = products;
        this.sql = sql;
        this.cipher = cipher;
        this.audit = audit;
        this.cache = cache;
    }

    @WithTransaction
    public Uni<List<CompanyChanges>> write(ImportPlan plan, AdminActor actor) {
        List<PlannedCompany> all = plan.companies();
        return sql.select("SELECT pg_advisory_xact_lock($1)", ImportConflicts.IMPORT_LOCK)
                .flatMap(locked -> Multi.createFrom().range(0, all.size()).onItem().transformToUniAndConcatenate(i ->
                        company(actor, all.get(i), "companies[" + i + "]", plan.passwordHashes())).collect().asList());
    }

    private Uni<CompanyChanges> company(AdminActor actor, PlannedCompany planned, String path, Map<User, String> hashes) {
        String id = planned.spec().code();
        return companies.findById(id).flatMap(found -> {
            if (found == null) {
                return conflicts.lockAndRefuseExisting(List.of(planned))
                        .flatMap(none -> creator.create(planned, hashes))
                        .flatMap(created -> audit.record(actor, id, "create", "company", id, null,
                                        ImportCounts.audited(created.created()))
                                .map(none -> new CompanyChanges(id, true, Map.of("create", total(created.created())),
                                        created.generatedSecrets())));
            }
            Changes changes = new Changes();
            List<String> generatedApi = new ArrayList<>();
            List<ClientSecret> generatedClients = new ArrayList<>();
            List<Product> all = ImportPlanner.orEmpty(planned.spec().products());
            return fields(actor, found, planned.spec(), changes)
                    .flatMap(none -> credentials(actor, planned, path, changes, generatedApi, generatedClients))
                    .flatMap(none -> Multi.createFrom().range(0, all.size()).onItem().transformToUniAndConcatenate(i ->
                                    products.apply(actor, id, all.get(i), path + ".products[" + i + "]", hashes, changes))
                            .collect().last())
                    .invoke(none -> cache.evictCompany(id))
                    .map(none -> new CompanyChanges(id, false, changes.asMap(),
                            new GeneratedSecrets(List.of(), generatedApi, generatedClients)));
        });
    }

    private Uni<Void> fields(AdminActor actor, CompanyEntity company, Company spec, Changes changes) {
        Map<String, Object> before = Map.of("name", company.name, "require_schema_v2", company.requireSchemaV2);
        if (spec.name() != null) {
            company.name = spec.name();
        }
        if (spec.requireSchemaV2() != null) {
            company.requireSchemaV2 = spec.requireSchemaV2();
        }
        Map<String, Object> after = Map.of("name", company.name, "require_schema_v2", company.requireSchemaV2);
        if (after.equals(before)) {
            return Uni.createFrom().voidItem();
        }
        changes.add("update", 1);
        return audit.record(actor, company.companyId, "update", "company", company.companyId, before, after);
    }

    /** Adds the shared keys, API keys and OAuth clients the company does not have yet; changes none. */
    private Uni<Void> credentials(AdminActor actor, PlannedCompany planned, String path, Changes changes,
                                  List<String> generatedApi, List<ClientSecret> generatedClients) {
        Company spec = planned.spec();
        String id = spec.code();
        return sql.select("SELECT secret_encrypted FROM shared_keys WHERE company_id = $1", id).flatMap(rows -> {
            List<String> stored = new ArrayList<>();
            rows.forEach(r -> stored.add(new String(cipher.decrypt(id, bytes(r[0])), StandardCharsets.UTF_8)));
            Uni<Void> chain = Uni.createFrom().voidItem();
            // A company left without shared keys in the document keeps its own; the planner's generated key is dropped.
            for (SharedKey key : ImportPlanner.orEmpty(spec.sharedKeys())) {
                if (stored.contains(key.key())) {
                    continue;
                }
                stored.add(key.key());
                changes.add("create", 1);
                chain = chain.flatMap(none -> sql.select("INSERT INTO shared_keys (company_id, secret_encrypted, not_after) "
                                        + "VALUES ($1, $2, $3) RETURNING shared_key_id", id,
                                Buffer.buffer(cipher.encrypt(id, key.key())),
                                key.notAfter() == null ? null : OffsetDateTime.parse(key.notAfter()))
                        .flatMap(r -> audit.record(actor, id, "create", "shared_key", String.valueOf(r.get(0)[0]),
                                null, Map.of("not_after", String.valueOf(key.notAfter())))));
            }
            List<ApiKey> apiKeys = spec.apiKeys() == null ? List.of() : planned.apiKeys();
            for (int i = 0; i < apiKeys.size(); i++) {
                ApiKey key = apiKeys.get(i);
                boolean generated = spec.apiKeys().get(i).key() == null;
                String at = path + ".api_keys[" + i + "].key";
                chain = chain.flatMap(none -> owner("SELECT company_id FROM api_keys WHERE api_key = $1", key.key(), id, at)
                        .flatMap(own -> {
                            if (own) {
                                return Uni.createFrom().voidItem();
                            }
                            changes.add("create", 1);
                            if (generated) {
                                generatedApi.add(key.key());
                            }
                            return sql.select("INSERT INTO api_keys (company_id, api_key, revoked_at) VALUES ($1, $2, "
                                            + "CASE WHEN $3 THEN now() END) RETURNING api_key", id, key.key(),
                                    key.revoked() != null && key.revoked())
                                    .flatMap(r -> audit.record(actor, id, "create", "api_key", ApiKeyId.of(key.key()), null,
                                            Map.of("revoked", key.revoked() != null && key.revoked())));
                        }));
            }
            List<OAuthClient> clients = planned.oauthClients();
            for (int i = 0; i < clients.size(); i++) {
                OAuthClient client = clients.get(i);
                boolean generated = spec.oauthClients().get(i).clientSecret() == null;
                String at = path + ".oauth_clients[" + i + "].client_id";
                chain = chain.flatMap(none -> owner("SELECT company_id FROM oauth_clients WHERE client_id = $1",
                        client.clientId(), id, at).flatMap(own -> {
                            if (own) {
                                return Uni.createFrom().voidItem();
                            }
                            changes.add("create", 1);
                            if (generated) {
                                generatedClients.add(new ClientSecret(client.clientId(), client.clientSecret()));
                            }
                            return sql.select("INSERT INTO oauth_clients (company_id, client_id, secret_encrypted) "
                                                    + "VALUES ($1, $2, $3) RETURNING client_id", id, client.clientId(),
                                            Buffer.buffer(cipher.encrypt(id, client.clientSecret())))
                                    .flatMap(r -> audit.record(actor, id, "create", "oauth_client", client.clientId(),
                                            null, Map.of("client_secret", "set")));
                        }));
            }
            return chain;
        });
    }

    /** True when the value belongs to this company already; 409 when it belongs to another. */
    private Uni<Boolean> owner(String query, String value, String companyId, String path) {
        return sql.selectStrings(query, value).map(owners -> {
            if (owners.isEmpty()) {
                return false;
            }
            if (!owners.contains(companyId)) {
                throw ErrorCode.ALREADY_EXISTS.exception(path + ": already in use by another company; nothing was written");
            }
            return true;
        });
    }

    private static byte[] bytes(Object value) {
        return value instanceof Buffer buffer ? buffer.getBytes() : (byte[]) value;
    }

    private static int total(Counts c) {
        return c.companies() + c.sharedKeys() + c.apiKeys() + c.oauthClients() + c.products() + c.features()
                + c.licenses() + c.licenseUsers() + c.devices();
    }
}
