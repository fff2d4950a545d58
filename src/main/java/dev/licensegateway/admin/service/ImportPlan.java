package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.ImportDocument.ApiKey;
import dev.licensegateway.admin.model.ImportDocument.Company;
import dev.licensegateway.admin.model.ImportDocument.OAuthClient;
import dev.licensegateway.admin.model.ImportDocument.SharedKey;
import dev.licensegateway.admin.model.ImportDocument.User;
import dev.licensegateway.admin.model.ImportResult.GeneratedSecrets;
import java.util.List;
import java.util.Map;

/**
 * A validated document with everything settled that needs no database: the secrets it left out are
 * generated and its passwords hashed, so the transaction that writes it holds its connection only for
 * writing.
 */
public record ImportPlan(List<PlannedCompany> companies, Map<User, String> passwordHashes) {

    /** A company with complete credential lists: given secrets and generated ones side by side. */
    public record PlannedCompany(Company spec, List<SharedKey> sharedKeys, List<ApiKey> apiKeys,
                                 List<OAuthClient> oauthClients, GeneratedSecrets generated) {
    }

    @Override
    public String toString() {
        return "ImportPlan[" + companies.size() + " companies, " + passwordHashes.size() + " password hashes]";
    }
}
