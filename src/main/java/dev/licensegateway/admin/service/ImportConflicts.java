package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.ImportDocument.ApiKey;
import dev.licensegateway.admin.model.ImportDocument.OAuthClient;
import dev.licensegateway.admin.service.ImportPlan.PlannedCompany;
import dev.licensegateway.admin.store.SessionSql;
import dev.licensegateway.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Refuses, inside the import's transaction and before anything is written, a document that would create
 * what already exists: a company code, an API key of any company (the gateway finds the company from the
 * API key, so keys are unique across companies, which the per-company schema cannot enforce) or a
 * client id of any company. Imports run one at a time (an advisory lock), so the check cannot race
 * another import.
 */
@ApplicationScoped
public class ImportConflicts {

    /** Key of the transaction-scoped advisory lock that serialises imports ("lg-admin"). */
    static final long IMPORT_LOCK = 0x6c672d61646d696eL;

    private final SessionSql sql;

    public ImportConflicts(SessionSql sql) {
        this.sql = sql;
    }

    public Uni<Void> lockAndRefuseExisting(List<PlannedCompany> companies) {
        return sql.select("SELECT pg_advisory_xact_lock($1)", IMPORT_LOCK)
                .flatMap(locked -> refuse(companies, "SELECT company_id FROM companies WHERE company_id = ANY($1::text[])",
                        c -> List.of(c.spec().code()), (i, j) -> "companies[" + i + "].code", "this company already exists"))
                .flatMap(none -> refuse(companies, "SELECT api_key FROM api_keys WHERE api_key = ANY($1::text[])",
                        c -> c.apiKeys().stream().map(ApiKey::key).toList(),
                        (i, j) -> "companies[" + i + "].api_keys[" + j + "].key", "this API key is already in use"))
                .flatMap(none -> refuse(companies,
                        "SELECT client_id FROM oauth_clients WHERE client_id = ANY($1::text[])",
                        c -> c.oauthClients().stream().map(OAuthClient::clientId).toList(),
                        (i, j) -> "companies[" + i + "].oauth_clients[" + j + "].client_id",
                        "this client id is already in use"));
    }

    private interface PathOf {
        String at(int company, int item);
    }

    private Uni<Void> refuse(List<PlannedCompany> companies, String query,
                             Function<PlannedCompany, List<String>> values, PathOf path, String problem) {
        List<String> all = new ArrayList<>();
        companies.forEach(c -> all.addAll(values.apply(c)));
        return sql.selectStrings(query, (Object) all.toArray(String[]::new)).map(found -> {
            Set<String> existing = new HashSet<>(found);
            for (int i = 0; i < companies.size(); i++) {
                List<String> own = values.apply(companies.get(i));
                for (int j = 0; j < own.size(); j++) {
                    if (existing.contains(own.get(j))) {
                        throw ErrorCode.ALREADY_EXISTS.exception(path.at(i, j) + ": " + problem + "; nothing was written");
                    }
                }
            }
            return null;
        });
    }
}
