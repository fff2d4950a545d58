package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.AdminActor;
import dev.licensegateway.admin.model.ImportDocument;
import dev.licensegateway.admin.model.ImportDocument.Company;
import dev.licensegateway.admin.model.ImportDocument.Device;
import dev.licensegateway.admin.model.ImportDocument.License;
import dev.licensegateway.admin.model.ImportDocument.Product;
import dev.licensegateway.admin.model.LicenseView;
import dev.licensegateway.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The per-object admin endpoints of one license (change its settings, activate, change or release a device):
 * each is turned into a one-license upsert document and applied by the same code as {@code POST /admin/v1/import}
 * with {@code "mode": "upsert"}, so both judge and audit alike. Answers the license as it is afterwards.
 */
@ApplicationScoped
public class LicenseChanges {

    private static final int DEVICES_SHOWN = 1000;

    private final LicenseQueryService licenses;
    private final ImportService imports;

    public LicenseChanges(LicenseQueryService licenses, ImportService imports) {
        this.licenses = licenses;
        this.imports = imports;
    }

    /** {@code change} is the import's license object; it cannot rename or re-key the license. */
    public Uni<LicenseView> change(AdminActor actor, String company, String license, License change) {
        if (change.licenseId() != null || change.licenseKey() != null) {
            return Uni.createFrom().failure(ErrorCode.VALIDATION_ERROR.exception(
                    (change.licenseId() != null ? "license_id" : "license_key") + ": cannot change; the path names the license"));
        }
        return apply(actor, company, license, change);
    }

    public Uni<LicenseView> device(AdminActor actor, String company, String license, Device device) {
        if (device.hardwareId() == null || device.hardwareId().isBlank()) {
            return Uni.createFrom().failure(ErrorCode.VALIDATION_ERROR.exception("hardware_id: is required"));
        }
        return apply(actor, company, license, devices(List.of(device)));
    }

    public Uni<LicenseView> release(AdminActor actor, String company, String license, String hardwareId) {
        return apply(actor, company, license, devices(List.of(new Device(hardwareId, false, null))));
    }

    private static License devices(List<Device> devices) {
        return new License(null, null, null, null, null, null, null, null, null, devices);
    }

    private Uni<LicenseView> apply(AdminActor actor, String company, String license, License change) {
        return licenses.license(company, license, 1).flatMap(view -> {
            License named = new License(view.licenseId(), null, change.users(), change.type(), change.trial(),
                    change.enabled(), change.maxActivations(), change.consumption(), change.features(), change.devices());
            Product product = new Product(view.product(), null, null, null, List.of(named));
            Company target = new Company(company, null, null, List.of(), List.of(), null, List.of(product));
            return imports.upsertDocument(new ImportDocument(ImportDocument.UPSERT, List.of(target)), actor)
                    .flatMap(done -> licenses.license(company, String.valueOf(view.licenseId()), DEVICES_SHOWN));
        });
    }
}
