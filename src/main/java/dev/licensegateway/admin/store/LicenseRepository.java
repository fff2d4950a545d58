package dev.licensegateway.admin.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;

/**
 * Licenses of one company, found by key, id or user. Users and per-license features have no entities
 * (they are written in batches and only read here), so they are read with native queries.
 */
@ApplicationScoped
public class LicenseRepository implements PanacheRepositoryBase<LicenseEntity, Long> {

    public Uni<LicenseEntity> findByKey(String companyId, String licenseKey) {
        return find("companyId = ?1 and licenseKey = ?2", companyId, licenseKey).firstResult();
    }

    public Uni<LicenseEntity> findInCompany(String companyId, long licenseId) {
        return find("companyId = ?1 and licenseId = ?2", companyId, licenseId).firstResult();
    }

    /** The license, locked for this transaction (a deactivation of it waits), or null. */
    public Uni<LicenseEntity> lockByKey(String companyId, String licenseKey) {
        return find("companyId = ?1 and licenseKey = ?2", companyId, licenseKey)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public Uni<LicenseEntity> lockById(String companyId, long licenseId) {
        return find("companyId = ?1 and licenseId = ?2", companyId, licenseId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** Ids of the licenses held by this username (one per user-based product). */
    public Uni<List<Long>> idsByUsername(String companyId, String username) {
        return getSession().flatMap(session -> session.createNativeQuery(
                        "SELECT license_id FROM license_users WHERE company_id = :company AND username = :username",
                        Long.class)
                .setParameter("company", companyId)
                .setParameter("username", username)
                .getResultList());
    }

    public Uni<List<String>> usernames(String companyId, long licenseId) {
        return getSession().flatMap(session -> session.createNativeQuery(
                        "SELECT username FROM license_users WHERE company_id = :company AND license_id = :license "
                                + "ORDER BY username", String.class)
                .setParameter("company", companyId)
                .setParameter("license", licenseId)
                .getResultList());
    }

    /**
     * Per-license feature limits with the feature code, as rows of: code, max_consumptions,
     * total_consumptions, allow_overages, max_overages, allow_unlimited_consumptions,
     * allow_negative_consumptions.
     */
    public Uni<List<Object[]>> features(String companyId, long licenseId) {
        return getSession().flatMap(session -> session.createNativeQuery("""
                        SELECT f.code, lf.max_consumptions, lf.total_consumptions, lf.allow_overages, lf.max_overages,
                               lf.allow_unlimited_consumptions, lf.allow_negative_consumptions
                        FROM license_features lf
                        JOIN product_features f ON f.company_id = lf.company_id AND f.feature_id = lf.feature_id
                        WHERE lf.company_id = :company AND lf.license_id = :license
                        ORDER BY f.code
                        """, Object[].class)
                .setParameter("company", companyId)
                .setParameter("license", licenseId)
                .getResultList());
    }
}
