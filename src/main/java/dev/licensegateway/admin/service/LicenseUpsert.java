package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.AdminActor;
import dev.licensegateway.admin.model.ImportDocument.Consumption;
import dev.licensegateway.admin.model.ImportDocument.Device;
import dev.licensegateway.admin.model.ImportDocument.License;
import dev.licensegateway.admin.model.ImportDocument.LicenseFeature;
import dev.licensegateway.admin.model.ImportDocument.User;
import dev.licensegateway.admin.store.DeviceUpserts;
import dev.licensegateway.admin.store.LicenseEntity;
import dev.licensegateway.admin.store.SessionSql;
import dev.licensegateway.error.ErrorCode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings one existing license (locked by the caller) to what the document says: its settings and totals, its
 * per-feature limits and totals, its users and its devices. Fields the document leaves out stay as they are;
 * what is already as wanted is not written; every change is one audit row with the values before and after.
 */
@ApplicationScoped
public class LicenseUpsert {

    /** A consumption feature of the license's product. */
    record FeatureRef(long featureId, String type) {
    }

    private final SessionSql sql;
    private final AdminAudit audit;
    private final PasswordHashing passwords;

    public LicenseUpsert(SessionSql sql, AdminAudit audit, PasswordHashing passwords) {
        this.sql = sql;
        this.audit = audit;
        this.passwords = passwords;
    }

    Uni<Void> apply(AdminActor actor, LicenseEntity license, License spec, String path, boolean userBased,
                    Map<String, FeatureRef> features, Map<User, String> hashes, Changes changes) {
        return settings(actor, license, spec, path, changes)
                .flatMap(none -> sql.flush())
                .flatMap(none -> licenseFeatures(actor, license, spec, path, features, changes))
                .flatMap(none -> users(actor, license, spec, path, userBased, hashes, changes))
                .flatMap(none -> DeviceUpserts.apply(sql, license.companyId, actor, wanted(license, spec)))
                .invoke(changes::addAll)
                .replaceWithVoid();
    }

    static String key(LicenseEntity license) {
        return license.licenseKey != null ? license.licenseKey : String.valueOf(license.licenseId);
    }

    private Uni<Void> settings(AdminActor actor, LicenseEntity l, License spec, String path, Changes changes) {
        Map<String, Object> before = settings(l);
        if (spec.type() != null) {
            l.licenseType = spec.type();
        }
        l.trial = spec.trial() != null ? spec.trial() : l.trial;
        l.enabled = spec.enabled() != null ? spec.enabled() : l.enabled;
        l.maxActivations = spec.maxActivations() != null ? spec.maxActivations() : l.maxActivations;
        Consumption c = spec.consumption();
        if (c != null) {
            if (!"consumption".equals(l.licenseType)) {
                throw ErrorCode.VALIDATION_ERROR.exception(path + ".consumption: only consumption licenses have "
                        + "consumption settings");
            }
            l.maxConsumptions = c.max() != null ? c.max() : l.maxConsumptions;
            l.totalConsumptions = c.total() != null ? c.total() : l.totalConsumptions;
            l.allowOverages = c.allowOverages() != null ? c.allowOverages() : l.allowOverages;
            l.maxOverages = c.maxOverages() != null ? c.maxOverages() : l.maxOverages;
            l.allowUnlimitedConsumptions = c.unlimited() != null ? c.unlimited() : l.allowUnlimitedConsumptions;
            l.allowNegativeConsumptions = c.allowNegative() != null ? c.allowNegative() : l.allowNegativeConsumptions;
        }
        Map<String, Object> after = settings(l);
        if (after.equals(before)) {
            return Uni.createFrom().voidItem();
        }
        l.updatedAt = OffsetDateTime.now();
        changes.add("update", 1);
        return audit.record(actor, l.companyId, "update", "license", key(l), before, after);
    }

    static Map<String, Object> settings(LicenseEntity l) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("type", l.licenseType);
        values.put("trial", l.trial);
        values.put("enabled", l.enabled);
        values.put("max_activations", l.maxActivations);
        values.put("consumption", Map.of("max", l.maxConsumptions, "total", l.totalConsumptions,
                "allow_overages", l.allowOverages, "max_overages", l.maxOverages,
                "unlimited", l.allowUnlimitedConsumptions, "allow_negative", l.allowNegativeConsumptions));
        return values;
    }

    private Uni<Void> licenseFeatures(AdminActor actor, LicenseEntity l, License spec, String path,
                                      Map<String, FeatureRef> features, Changes changes) {
        List<LicenseFeature> given = ImportPlanner.orEmpty(spec.features());
        if (given.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sql.select("""
                        SELECT feature_id, max_consumptions, total_consumptions, allow_overages, max_overages,
                               allow_unlimited_consumptions, allow_negative_consumptions
                        FROM license_features WHERE company_id = $1 AND license_id = $2""", l.companyId, l.licenseId)
                .flatMap(rows -> {
                    Map<Long, Object[]> existing = new LinkedHashMap<>();
                    rows.forEach(row -> existing.put(((Number) row[0]).longValue(), row));
                    List<Uni<Void>> writes = new ArrayList<>();
                    for (int i = 0; i < given.size(); i++) {
                        LicenseFeature f = given.get(i);
                        FeatureRef ref = features.get(f.code());
                        if (ref == null || !"consumption".equals(ref.type())) {
                            throw ErrorCode.VALIDATION_ERROR.exception(path + ".features[" + i
                                    + "].code: the product has no consumption feature with this code");
                        }
                        Object[] row = existing.get(ref.featureId());
                        Map<String, Object> before = row == null ? null : featureValues(row[1], row[2], row[3], row[4],
                                row[5], row[6]);
                        Map<String, Object> after = featureValues(
                                pick(f.maxConsumption(), row, 1, 0L), pick(f.total(), row, 2, 0L),
                                pick(f.allowOverages(), row, 3, false), pick(f.maxOverages(), row, 4, 0L),
                                pick(f.unlimited(), row, 5, false), pick(f.allowNegative(), row, 6, false));
                        if (after.equals(before)) {
                            continue;
                        }
                        String action = before == null ? "create" : "update";
                        changes.add(action, 1);
                        writes.add(sql.select("""
                                        INSERT INTO license_features (company_id, license_id, feature_id, max_consumptions,
                                            total_consumptions, allow_overages, max_overages,
                                            allow_unlimited_consumptions, allow_negative_consumptions)
                                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                                        ON CONFLICT (company_id, license_id, feature_id) DO UPDATE SET
                                            max_consumptions = EXCLUDED.max_consumptions,
                                            total_consumptions = EXCLUDED.total_consumptions,
                                            allow_overages = EXCLUDED.allow_overages, max_overages = EXCLUDED.max_overages,
                                            allow_unlimited_consumptions = EXCLUDED.allow_unlimited_consumptions,
                                            allow_negative_consumptions = EXCLUDED.allow_negative_consumptions
                                        RETURNING feature_id""", l.companyId, l.licenseId, ref.featureId(),
                                        after.get("max_consumption"), after.get("total"), after.get("allow_overages"),
                                        after.get("max_overages"), after.get("unlimited"), after.get("allow_negative"))
                                .flatMap(none -> audit.record(actor, l.companyId, action, "license_feature",
                                        key(l) + "/" + f.code(), before, after)));
                    }
                    return sequence(writes);
                });
    }

    private static Object pick(Object given, Object[] row, int column, Object otherwise) {
        if (given != null) {
            return given;
        }
        return row == null ? otherwise : row[column];
    }

    private static Map<String, Object> featureValues(Object max, Object total, Object overages, Object maxOverages,
                                                     Object unlimited, Object negative) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("max_consumption", ((Number) max).longValue());
        values.put("total", ((Number) total).longValue());
        values.put("allow_overages", overages);
        values.put("max_overages", ((Number) maxOverages).longValue());
        values.put("unlimited", unlimited);
        values.put("allow_negative", negative);
        return values;
    }

    private Uni<Void> users(AdminActor actor, LicenseEntity l, License spec, String path, boolean userBased,
                            Map<User, String> hashes, Changes changes) {
        List<User> given = ImportPlanner.orEmpty(spec.users());
        if (given.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (!userBased) {
            throw ErrorCode.VALIDATION_ERROR.exception(path + ".users: only licenses of user-based products have users");
        }
        return Multi.createFrom().range(0, given.size()).onItem().transformToUniAndConcatenate(i -> {
            User user = given.get(i);
            return sql.select("SELECT license_id, password_hash FROM license_users WHERE company_id = $1 "
                            + "AND product_id = $2 AND username = $3", l.companyId, l.productId, user.username())
                    .flatMap(rows -> {
                        String key = key(l) + "/" + user.username();
                        if (rows.isEmpty()) {
                            changes.add("create", 1);
                            return sql.select("INSERT INTO license_users (company_id, product_id, license_id, username, "
                                                    + "password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING license_user_id",
                                            l.companyId, l.productId, l.licenseId, user.username(), hashes.get(user))
                                    .flatMap(none -> audit.record(actor, l.companyId, "create", "license_user", key, null,
                                            Map.of("password", user.password() == null ? "none" : "set")));
                        }
                        if (((Number) rows.get(0)[0]).longValue() != l.licenseId) {
                            throw ErrorCode.ALREADY_EXISTS.exception(path + ".users[" + i + "].username: belongs to "
                                    + "another license of this product; nothing was written");
                        }
                        if (user.password() == null) {
                            return Uni.createFrom().voidItem();
                        }
                        return passwords.matches(user.password(), (String) rows.get(0)[1]).flatMap(same -> {
                            if (same) {
                                return Uni.createFrom().voidItem();
                            }
                            changes.add("update", 1);
                            return sql.select("UPDATE license_users SET password_hash = $4 WHERE company_id = $1 "
                                                    + "AND product_id = $2 AND username = $3 RETURNING license_user_id",
                                            l.companyId, l.productId, user.username(), hashes.get(user))
                                    .flatMap(none -> audit.record(actor, l.companyId, "update", "license_user", key,
                                            Map.of("password", "previous"), Map.of("password", "changed")));
                        });
                    });
        }).collect().last().replaceWithVoid();
    }

    static List<DeviceUpserts.Wanted> wanted(LicenseEntity l, License spec) {
        List<DeviceUpserts.Wanted> wanted = new ArrayList<>();
        for (Device d : ImportPlanner.orEmpty(spec.devices())) {
            wanted.add(new DeviceUpserts.Wanted(l.licenseId, d.hardwareId(), ImportValidator.isActive(d),
                    d.variables() == null ? null : new JsonObject(d.variables()).encode()));
        }
        return wanted;
    }

    static Uni<Void> sequence(List<Uni<Void>> steps) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Uni<Void> step : steps) {
            chain = chain.flatMap(none -> step);
        }
        return chain;
    }
}
