package dev.licensegateway.store;

/** A license's limits and total for one product feature. */
public record LicenseFeature(long featureId, String code, boolean consumption, LockedLicense.Limits limits) {

    public LicenseFeature withTotal(long total) {
        return new LicenseFeature(featureId, code, consumption, limits.withTotal(total));
    }
}
