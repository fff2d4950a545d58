package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.AdminActor;
import dev.licensegateway.admin.model.ImportDocument.ApiKey;
import dev.licensegateway.admin.model.ImportDocument.Company;
import dev.licensegateway.admin.model.ImportDocument.Feature;
import dev.licensegateway.admin.model.ImportDocument.License;
import dev.licensegateway.admin.model.ImportDocument.OAuthClient;
import dev.licensegateway.admin.model.ImportDocument.Product;
import dev.licensegateway.admin.model.ImportDocument.SharedKey;
import dev.licensegateway.admin.model.ImportDocument.User;
import dev.licensegateway.admin.model.ImportResult.CompanyResult;
import dev.licensegateway.admin.service.ImportPlan.PlannedCompany;
import dev.licensegateway.admin.service.LicenseBatchWriter.LicenseRef;
import dev.licensegateway.admin.store.CompanyEntity;
import dev.licensegateway.admin.store.CompanyRepository;
import dev.licensegateway.admin.store.Inserts;
import dev.licensegateway.admin.store.MultiRowInsert;
import dev.licensegateway.admin.store.ProductEntity;
import dev.licensegateway.admin.store.ProductRepository;
import dev.licensegateway.admin.store.SessionSql;
import dev.licensegateway.crypto.SecretCipher;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a planned import in one transaction: refuses conflicts first, then each company with its
 * credentials (secrets encrypted), products (entities), features and licenses (multi-row batches).
 * Any failure rolls the whole document back.
 */
@ApplicationScoped
public class ImportWriter {

    private final ImportConflicts conflicts;
    private final CompanyRepository companies;
    private final ProductRepository products;
    private final LicenseBatchWriter licenses;
    private final SessionSql sql;
    private final SecretCipher cipher;
    private final AdminAudit audit;

    public ImportWriter(ImportConflicts conflicts, CompanyRepository companies, ProductRepository products,
                        LicenseBatchWriter licenses, SessionSql sql, SecretCipher cipher, AdminAudit audit) {
        this.audit = audit;
        this.conflicts = conflicts;
        this.companies = companies;
        this.products = products;
        this.licenses = licenses;
        this.sql = sql;
        this.cipher = cipher;
    }

    /** Each company created is one admin audit row with its counts. */
    @WithTransaction
    public Uni<List<CompanyResult>> write(ImportPlan plan, AdminActor actor) {
        return conflicts.lockAndRefuseExisting(plan.companies())
                .flatMap(none -> Multi.createFrom().iterable(plan.companies())
                        .onItem().transformToUniAndConcatenate(company -> create(company, plan.passwordHashes())
                                .flatMap(created -> audit.record(actor, created.code(), "create", "company",
                                        created.code(), null, ImportCounts.audited(created.created())).replaceWith(created)))
                        .collect().asList());
    }

    /** Creates one company with everything below it; the caller has refused conflicts. */
    Uni<CompanyResult> create(PlannedCompany planned, Map<User, String> passwordHashes) {
        Company spec = planned.spec();
        String id = spec.code();
        CompanyEntity company = new CompanyEntity();
        company.companyId = id;
        company.name = spec.name() == null ? id : spec.name();
        company.requireSchemaV2 = spec.requireSchemaV2() != null && spec.requireSchemaV2();
        return companies.persist(company)
                .flatMap(persisted -> sql.flush())
                .flatMap(none -> credentials(planned))
                .flatMap(none -> products(id, spec))
                .flatMap(productIds -> sql.flush().flatMap(none -> features(id, spec, productIds))
                        .flatMap(featureIds -> licenses.write(id, licenseRefs(spec, productIds, featureIds),
                                passwordHashes)))
                .map(none -> new CompanyResult(id, ImportCounts.of(planned), planned.generated()));
    }

    /** Shared keys, API keys and OAuth clients; the secrets encrypted under the company id. */
    private Uni<Void> credentials(PlannedCompany planned) {
        String id = planned.spec().code();
        MultiRowInsert.Rows shared = Inserts.SHARED_KEYS.rows();
        for (SharedKey key : planned.sharedKeys()) {
            shared.add(Buffer.buffer(cipher.encrypt(id, key.key())),
                    key.notAfter() == null ? null : OffsetDateTime.parse(key.notAfter()));
        }
        MultiRowInsert.Rows apiKeys = Inserts.API_KEYS.rows();
        for (ApiKey key : planned.apiKeys()) {
            apiKeys.add(key.key(), key.revoked() != null && key.revoked());
        }
        MultiRowInsert.Rows clients = Inserts.OAUTH_CLIENTS.rows();
        for (OAuthClient client : planned.oauthClients()) {
            clients.add(client.clientId(), Buffer.buffer(cipher.encrypt(id, client.clientSecret())));
        }
        return sql.insert(id, shared)
                .flatMap(none -> sql.insert(id, apiKeys))
                .flatMap(none -> sql.insert(id, clients));
    }

    private Uni<Map<Product, Long>> products(String companyId, Company spec) {
        Map<Product, Long> ids = new IdentityHashMap<>();
        return Multi.createFrom().iterable(ImportPlanner.orEmpty(spec.products()))
                .onItem().transformToUniAndConcatenate(product -> {
                    ProductEntity entity = new ProductEntity();
                    entity.companyId = companyId;
                    entity.code = product.code();
                    entity.name = product.name() == null ? product.code() : product.name();
                    entity.authorizationMethod = ImportValidator.authorizationMethod(product);
                    return products.persist(entity).invoke(saved -> ids.put(product, saved.productId));
                })
                .collect().last().map(none -> ids);
    }

    private Uni<Map<Product, Map<String, Long>>> features(String companyId, Company spec, Map<Product, Long> productIds) {
        List<Product> all = ImportPlanner.orEmpty(spec.products());
        int count = all.stream().mapToInt(p -> ImportPlanner.orEmpty(p.features()).size()).sum();
        return sql.nextIds("product_features", "feature_id", count).flatMap(ids -> {
            Map<Product, Map<String, Long>> byProduct = new IdentityHashMap<>();
            MultiRowInsert.Rows rows = Inserts.PRODUCT_FEATURES.rows();
            int next = 0;
            for (Product product : all) {
                Map<String, Long> codes = new HashMap<>();
                for (Feature feature : ImportPlanner.orEmpty(product.features())) {
                    long featureId = ids[next++];
                    codes.put(feature.code(), featureId);
                    rows.add(featureId, productIds.get(product), feature.code(), feature.type());
                }
                byProduct.put(product, codes);
            }
            return sql.insert(companyId, rows).map(none -> byProduct);
        });
    }

    private static List<LicenseRef> licenseRefs(Company spec, Map<Product, Long> productIds,
                                                Map<Product, Map<String, Long>> featureIds) {
        List<LicenseRef> refs = new ArrayList<>();
        for (Product product : ImportPlanner.orEmpty(spec.products())) {
            for (License license : ImportPlanner.orEmpty(product.licenses())) {
                refs.add(new LicenseRef(productIds.get(product), license, featureIds.get(product)));
            }
        }
        return refs;
    }
}
