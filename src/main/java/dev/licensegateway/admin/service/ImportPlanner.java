package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.ImportDocument;
import dev.licensegateway.admin.model.ImportDocument.ApiKey;
import dev.licensegateway.admin.model.ImportDocument.Company;
import dev.licensegateway.admin.model.ImportDocument.License;
import dev.licensegateway.admin.model.ImportDocument.OAuthClient;
import dev.licensegateway.admin.model.ImportDocument.Product;
import dev.licensegateway.admin.model.ImportDocument.SharedKey;
import dev.licensegateway.admin.model.ImportDocument.User;
import dev.licensegateway.admin.model.ImportResult.ClientSecret;
import dev.licensegateway.admin.model.ImportResult.GeneratedSecrets;
import dev.licensegateway.admin.service.ImportPlan.PlannedCompany;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a validated document into an {@link ImportPlan}: fills in the secrets left out (a company always
 * gets a shared key; an API key when {@code api_keys} is absent; a secret for every client without one)
 * and hashes the passwords given. Blocking and CPU-bound: runs on a worker thread.
 */
@ApplicationScoped
public class ImportPlanner {

    private final PasswordHashing passwords;

    public ImportPlanner(PasswordHashing passwords) {
        this.passwords = passwords;
    }

    public ImportPlan plan(ImportDocument document) {
        List<PlannedCompany> companies = new ArrayList<>();
        List<User> withPassword = new ArrayList<>();
        for (Company company : document.companies()) {
            companies.add(plan(company));
            for (Product product : orEmpty(company.products())) {
                for (License license : orEmpty(product.licenses())) {
                    for (User user : orEmpty(license.users())) {
                        if (user.password() != null) {
                            withPassword.add(user);
                        }
                    }
                }
            }
        }
        return new ImportPlan(companies, passwords.hashAll(withPassword));
    }

    private static PlannedCompany plan(Company company) {
        List<String> generatedShared = new ArrayList<>();
        List<String> generatedApi = new ArrayList<>();
        List<ClientSecret> generatedClients = new ArrayList<>();

        List<SharedKey> sharedKeys = new ArrayList<>(orEmpty(company.sharedKeys()));
        if (sharedKeys.isEmpty()) {
            String key = Secrets.generate();
            generatedShared.add(key);
            sharedKeys.add(SharedKey.of(key));
        }
        List<ApiKey> apiKeys = new ArrayList<>();
        if (company.apiKeys() == null) {
            apiKeys.add(new ApiKey(null, null));
        } else {
            apiKeys.addAll(company.apiKeys());
        }
        for (int i = 0; i < apiKeys.size(); i++) {
            ApiKey key = apiKeys.get(i);
            if (key.key() == null) {
                String generated = Secrets.generate();
                generatedApi.add(generated);
                apiKeys.set(i, new ApiKey(generated, key.revoked()));
            }
        }
        List<OAuthClient> clients = new ArrayList<>();
        for (OAuthClient client : orEmpty(company.oauthClients())) {
            if (client.clientSecret() == null) {
                String secret = Secrets.generate();
                generatedClients.add(new ClientSecret(client.clientId(), secret));
                clients.add(new OAuthClient(client.clientId(), secret));
            } else {
                clients.add(client);
            }
        }
        return new PlannedCompany(company, sharedKeys, apiKeys, clients,
                new GeneratedSecrets(generatedShared, generatedApi, generatedClients));
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
