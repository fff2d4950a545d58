package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.AdminActor;
import dev.licensegateway.admin.model.ImportDocument.Device;
import dev.licensegateway.admin.model.ImportDocument.Feature;
import dev.licensegateway.admin.model.ImportDocument.License;
import dev.licensegateway.admin.model.ImportDocument.LicenseFeature;
import dev.licensegateway.admin.model.ImportDocument.Product;
import dev.licensegateway.admin.model.ImportDocument.User;
import dev.licensegateway.admin.service.LicenseBatchWriter.LicenseRef;
import dev.licensegateway.admin.service.LicenseUpsert.FeatureRef;
import dev.licensegateway.admin.store.LicenseEntity;
import dev.licensegateway.admin.store.LicenseRepository;
import dev.licensegateway.admin.store.ProductEntity;
import dev.licensegateway.admin.store.ProductRepository;
import dev.licensegateway.admin.store.SessionSql;
import dev.licensegateway.error.ApiException;
import dev.licensegateway.error.ErrorCode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Upserts one product of an existing company: the product itself (by code), its features (by code; a
 * feature's type and a product's authorization method never change), and each of its licenses, found by
 * {@code license_id}, {@code license_key} or one of its users, created when not found.
 */
@ApplicationScoped
public class ProductUpsert {

    private final ProductRepository products;
    private final LicenseRepository licenses;
    private final LicenseBatchWriter newLicenses;
    private final LicenseUpsert existing;
    private final SessionSql sql;
    private final AdminAudit audit;

    public ProductUpsert(ProductRepository products, LicenseRepository licenses, LicenseBatchWriter newLicenses,
                         LicenseUpsert existing, SessionSql sql, AdminAudit audit) {
        this.products = products;
        this.licenses = licenses;
        this.newLicenses = newLicenses;
        this.existing = existing;
        this.sql = sql;
        this.audit = audit;
    }

    Uni<Void> apply(AdminActor actor, String companyId, Product spec, String path, Map<User, String> hashes,
                    Changes changes) {
        return product(actor, companyId, spec, path, changes).flatMap(product ->
                features(actor, product, spec, path, changes).flatMap(features -> {
                    List<License> all = ImportPlanner.orEmpty(spec.licenses());
                    return Multi.createFrom().range(0, all.size()).onItem().transformToUniAndConcatenate(i ->
                                    license(actor, product, all.get(i), path + ".licenses[" + i + "]", features,
                                            hashes, changes))
                            .collect().last().replaceWithVoid();
                }));
    }

    private Uni<ProductEntity> product(AdminActor actor, String companyId, Product spec, String path, Changes changes) {
        return products.findByCode(companyId, spec.code()).flatMap(found -> {
            if (found == null) {
                ProductEntity created = new ProductEntity();
                created.companyId = companyId;
                created.code = spec.code();
                created.name = spec.name() == null ? spec.code() : spec.name();
                created.authorizationMethod = ImportValidator.authorizationMethod(spec);
                changes.add("create", 1);
                return products.persist(created).flatMap(saved -> audit.record(actor, companyId, "create", "product",
                        spec.code(), null, values(saved)).replaceWith(saved));
            }
            if (spec.authorizationMethod() != null && !spec.authorizationMethod().equals(found.authorizationMethod)) {
                throw invalid(path + ".authorization_method", "cannot change; the product is "
                        + found.authorizationMethod);
            }
            if (spec.name() == null || spec.name().equals(found.name)) {
                return Uni.createFrom().item(found);
            }
            Map<String, Object> before = values(found);
            found.name = spec.name();
            changes.add("update", 1);
            return audit.record(actor, companyId, "update", "product", spec.code(), before, values(found))
                    .replaceWith(found);
        });
    }

    private static Map<String, Object> values(ProductEntity p) {
        return Map.of("name", p.name, "authorization_method", p.authorizationMethod);
    }

    /** The product's features by code after adding the new ones. */
    private Uni<Map<String, FeatureRef>> features(AdminActor actor, ProductEntity product, Product spec, String path,
                                                  Changes changes) {
        return sql.flush().flatMap(flushed -> sql.select(
                        "SELECT code, feature_id, feature_type FROM product_features WHERE company_id = $1 AND product_id = $2",
                        product.companyId, product.productId))
                .flatMap(rows -> {
                    Map<String, FeatureRef> features = new HashMap<>();
                    rows.forEach(r -> features.put((String) r[0], new FeatureRef(((Number) r[1]).longValue(), (String) r[2])));
                    List<Feature> given = ImportPlanner.orEmpty(spec.features());
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (int i = 0; i < given.size(); i++) {
                        Feature f = given.get(i);
                        FeatureRef known = features.get(f.code());
                        if (known != null) {
                            if (!known.type().equals(f.type())) {
                                throw invalid(path + ".features[" + i + "].type", "cannot change; the feature is "
                                        + known.type());
                            }
                            continue;
                        }
                        changes.add("create", 1);
                        chain = chain.flatMap(none -> sql.select("INSERT INTO product_features (company_id, product_id, "
                                                + "code, feature_type) VALUES ($1, $2, $3, $4) RETURNING feature_id",
                                        product.companyId, product.productId, f.code(), f.type())
                                .invoke(id -> features.put(f.code(), new FeatureRef(((Number) id.get(0)[0]).longValue(), f.type())))
                                .flatMap(id -> audit.record(actor, product.companyId, "create", "feature",
                                        product.code + "/" + f.code(), null, Map.of("type", f.type()))));
                    }
                    return chain.map(none -> features);
                });
    }

    private Uni<Void> license(AdminActor actor, ProductEntity product, License spec, String path,
                              Map<String, FeatureRef> features, Map<User, String> hashes, Changes changes) {
        boolean userBased = ImportValidator.USER_BASED.equals(product.authorizationMethod);
        return find(product, spec, path).flatMap(found -> {
            if (found != null) {
                return existing.apply(actor, found, spec, path, userBased, features, hashes, changes);
            }
            if (spec.licenseId() != null) {
                throw invalid(path + ".license_id", "no such license in this product");
            }
            requireComplete(spec, path, userBased, features);
            Map<String, Long> featureIds = new HashMap<>();
            features.forEach((code, ref) -> featureIds.put(code, ref.featureId()));
            int active = (int) ImportPlanner.orEmpty(spec.devices()).stream().filter(ImportValidator::isActive).count();
            // One audit row for the new license with everything below it, as for a new company.
            changes.add("create", 1);
            return newLicenses.write(product.companyId, List.of(new LicenseRef(product.productId, spec, featureIds)), hashes)
                    .flatMap(none -> audit.record(actor, product.companyId, "create", "license",
                            spec.licenseKey() != null ? spec.licenseKey() : product.code + "/"
                                    + spec.users().get(0).username(), null,
                            Map.of("type", spec.type(), "devices", ImportPlanner.orEmpty(spec.devices()).size(),
                                    "active_devices", active)));
        });
    }

    /** The existing license the entry names, locked; null when there is none. */
    private Uni<LicenseEntity> find(ProductEntity product, License spec, String path) {
        Uni<LicenseEntity> found;
        if (spec.licenseId() != null) {
            found = licenses.lockById(product.companyId, spec.licenseId());
        } else if (spec.licenseKey() != null) {
            found = licenses.lockByKey(product.companyId, spec.licenseKey());
        } else {
            List<String> names = ImportPlanner.orEmpty(spec.users()).stream().map(User::username).toList();
            found = sql.select("SELECT DISTINCT license_id FROM license_users WHERE company_id = $1 AND product_id = $2 "
                            + "AND username = ANY($3::text[])", product.companyId, product.productId,
                    names.toArray(String[]::new)).flatMap(rows -> {
                        if (rows.size() > 1) {
                            throw ErrorCode.ALREADY_EXISTS.exception(path + ".users: these users belong to different "
                                    + "licenses; nothing was written");
                        }
                        return rows.isEmpty() ? Uni.createFrom().nullItem()
                                : licenses.lockById(product.companyId, ((Number) rows.get(0)[0]).longValue());
                    });
        }
        return found.map(license -> {
            if (license != null && !license.productId.equals(product.productId)) {
                throw invalid(path, "this license belongs to another product");
            }
            return license;
        });
    }

    /** A license to create must be complete: what create mode requires, checked against the stored product. */
    private static void requireComplete(License spec, String path, boolean userBased, Map<String, FeatureRef> features) {
        if (spec.type() == null) {
            throw invalid(path + ".type", "is required for a new license");
        }
        if (userBased && (spec.users() == null || spec.users().isEmpty())) {
            throw invalid(path + ".users", "a license of a user-based product needs at least one user");
        }
        if (!userBased && spec.licenseKey() == null) {
            throw invalid(path + ".license_key", "is required");
        }
        if (!userBased && spec.users() != null && !spec.users().isEmpty()) {
            throw invalid(path + ".users", "only licenses of user-based products have users");
        }
        if (spec.consumption() != null && !"consumption".equals(spec.type())) {
            throw invalid(path + ".consumption", "only consumption licenses have consumption settings");
        }
        List<LicenseFeature> given = ImportPlanner.orEmpty(spec.features());
        for (int i = 0; i < given.size(); i++) {
            FeatureRef ref = features.get(given.get(i).code());
            if (ref == null || !"consumption".equals(ref.type())) {
                throw invalid(path + ".features[" + i + "].code", "the product has no consumption feature with this code");
            }
        }
        long active = ImportPlanner.orEmpty(spec.devices()).stream().filter(ImportValidator::isActive).count();
        int max = ImportValidator.maxActivations(spec);
        if (active > max) {
            throw invalid(path + ".devices", active + " active devices exceed max_activations (" + max + ")");
        }
        for (Device d : ImportPlanner.orEmpty(spec.devices())) {
            if (d.hardwareId() == null) {
                throw invalid(path + ".devices", "hardware_id is required");
            }
        }
    }

    private static ApiException invalid(String path, String problem) {
        return ErrorCode.VALIDATION_ERROR.exception(path + ": " + problem);
    }
}
