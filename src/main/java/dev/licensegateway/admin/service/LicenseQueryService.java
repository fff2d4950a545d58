package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.LicenseView;
import dev.licensegateway.admin.store.CompanyRepository;
import dev.licensegateway.admin.store.DeviceEntity;
import dev.licensegateway.admin.store.DeviceRepository;
import dev.licensegateway.admin.store.JsonValues;
import dev.licensegateway.admin.store.LicenseEntity;
import dev.licensegateway.admin.store.LicenseRepository;
import dev.licensegateway.admin.store.ProductRepository;
import dev.licensegateway.error.ErrorCode;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Reads one license for an operator. The path segment is tried as a license key, then, when numeric, as
 * a license id, then as the username of a user-based license (when exactly one license has that user).
 */
@ApplicationScoped
public class LicenseQueryService {

    private final CompanyRepository companies;
    private final ProductRepository products;
    private final LicenseRepository licenses;
    private final DeviceRepository devices;

    public LicenseQueryService(CompanyRepository companies, ProductRepository products, LicenseRepository licenses,
                               DeviceRepository devices) {
        this.companies = companies;
        this.products = products;
        this.licenses = licenses;
        this.devices = devices;
    }

    @WithSession
    public Uni<LicenseView> license(String companyId, String keyOrId, int deviceLimit) {
        return companies.findById(companyId)
                .onItem().ifNull().failWith(() -> ErrorCode.NOT_FOUND.exception("No such company."))
                .flatMap(company -> find(companyId, keyOrId))
                .onItem().ifNull().failWith(() -> ErrorCode.NOT_FOUND.exception("No such license in this company."))
                .flatMap(license -> view(license, deviceLimit));
    }

    private Uni<LicenseEntity> find(String companyId, String keyOrId) {
        return licenses.findByKey(companyId, keyOrId).flatMap(byKey -> {
            if (byKey != null) {
                return Uni.createFrom().item(byKey);
            }
            if (keyOrId.matches("\\d{1,18}")) {
                return licenses.findInCompany(companyId, Long.parseLong(keyOrId));
            }
            return licenses.idsByUsername(companyId, keyOrId).flatMap(ids -> ids.size() == 1
                    ? licenses.findInCompany(companyId, ids.get(0))
                    : Uni.createFrom().nullItem());
        });
    }

    private Uni<LicenseView> view(LicenseEntity license, int deviceLimit) {
        String companyId = license.companyId;
        long id = license.licenseId;
        // One session runs one statement at a time, so these reads are chained, not combined.
        return products.findById(license.productId).flatMap(product ->
                licenses.features(companyId, id).flatMap(features ->
                        licenses.usernames(companyId, id).flatMap(users ->
                                devices.countOf(companyId, id).flatMap(total ->
                                        devices.newestOf(companyId, id, deviceLimit).map(rows -> new LicenseView(
                                                companyId, id, product.code, license.licenseKey, license.licenseType,
                                                license.trial, license.enabled, license.maxActivations,
                                                license.timesActivated, consumption(license), features(features),
                                                users.stream().map(LicenseView.User::new).toList(), total,
                                                rows.stream().map(LicenseQueryService::device).toList(),
                                                license.createdAt, license.updatedAt))))));
    }

    private static LicenseView.Consumption consumption(LicenseEntity l) {
        return new LicenseView.Consumption(l.maxConsumptions, l.totalConsumptions, l.allowOverages, l.maxOverages,
                l.allowUnlimitedConsumptions, l.allowNegativeConsumptions);
    }

    private static List<LicenseView.Feature> features(List<Object[]> rows) {
        return rows.stream().map(r -> new LicenseView.Feature((String) r[0], ((Number) r[1]).longValue(),
                ((Number) r[2]).longValue(), (Boolean) r[3], ((Number) r[4]).longValue(), (Boolean) r[5],
                (Boolean) r[6])).toList();
    }

    private static LicenseView.Device device(DeviceEntity d) {
        return new LicenseView.Device(d.deviceId, d.hardwareId, d.active, JsonValues.parse(d.variables),
                d.activatedAt, d.deactivatedAt);
    }
}
