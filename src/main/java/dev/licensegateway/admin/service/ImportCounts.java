package dev.licensegateway.admin.service;

import dev.licensegateway.admin.model.ImportDocument.Device;
import dev.licensegateway.admin.model.ImportDocument.License;
import dev.licensegateway.admin.model.ImportDocument.Product;
import dev.licensegateway.admin.model.ImportResult.Counts;
import dev.licensegateway.admin.service.ImportPlan.PlannedCompany;
import java.util.LinkedHashMap;
import java.util.Map;

/** How many rows of each kind a planned company writes. */
final class ImportCounts {

    private ImportCounts() {
    }

    static Counts of(PlannedCompany company) {
        int products = 0;
        int features = 0;
        int licenses = 0;
        int users = 0;
        int devices = 0;
        int active = 0;
        for (Product product : ImportPlanner.orEmpty(company.spec().products())) {
            products++;
            features += ImportPlanner.orEmpty(product.features()).size();
            for (License license : ImportPlanner.orEmpty(product.licenses())) {
                licenses++;
                users += ImportPlanner.orEmpty(license.users()).size();
                for (Device device : ImportPlanner.orEmpty(license.devices())) {
                    devices++;
                    active += ImportValidator.isActive(device) ? 1 : 0;
                }
            }
        }
        return new Counts(1, company.sharedKeys().size(), company.apiKeys().size(), company.oauthClients().size(),
                products, features, licenses, users, devices, active);
    }

    /** What the admin audit shows of a created company: its counts, never its secrets. */
    static Map<String, Object> audited(Counts c) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("products", c.products());
        values.put("licenses", c.licenses());
        values.put("license_users", c.licenseUsers());
        values.put("devices", c.devices());
        values.put("active_devices", c.activeDevices());
        return values;
    }
}
