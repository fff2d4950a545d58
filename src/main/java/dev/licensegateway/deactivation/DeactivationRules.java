package dev.licensegateway.deactivation;

import dev.licensegateway.decode.DeactivationPayload.FeatureConsumption;
import dev.licensegateway.error.ErrorCode;
import dev.licensegateway.store.LicenseFeature;
import dev.licensegateway.store.LockedLicense;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The business rules of SPEC §4 as side-effect-free checks on a locked license. Each throws the
 * documented error; they are called in the SPEC's order, so the first failure wins.
 */
final class DeactivationRules {

    private DeactivationRules() {
    }

    /** Disabled licenses and license types that cannot be handled offline. */
    static void checkLicense(LockedLicense license) {
        if (!license.enabled()) {
            throw ErrorCode.LICENSE_NOT_ENABLED.exception();
        }
        boolean offlineType = license.trial()
                || license.licenseType().equals("perpetual") || license.licenseType().equals("consumption");
        if (!offlineType) {
            throw ErrorCode.OFFLINE_NOT_SUPPORTED.exception();
        }
    }

    static void checkConsumptions(LockedLicense license, long delta) {
        if (delta == 0) {
            return;
        }
        if (!license.licenseType().equals("consumption")) {
            throw ErrorCode.LICENSE_NOT_CONSUMPTION.exception();
        }
        checkLimits(license.consumption(), delta, ErrorCode.LICENSE_NOT_ENOUGH_CONSUMPTIONS);
    }

    /**
     * Resolves the file's feature entries to license features and checks each total. A feature listed
     * twice counts twice: deltas are summed per feature before the limits are checked.
     */
    static Map<LicenseFeature, Long> featureDeltas(List<FeatureConsumption> requested, List<LicenseFeature> features) {
        Map<LicenseFeature, Long> deltas = new LinkedHashMap<>();
        for (FeatureConsumption entry : requested) {
            LicenseFeature feature = features.stream()
                    .filter(f -> f.consumption() && f.code().equals(entry.feature()))
                    .findFirst()
                    .orElseThrow(() -> ErrorCode.UNSUPPORTED_PRODUCT_FEATURE.exception(
                            "The license has no consumption feature '" + entry.feature() + "'."));
            deltas.merge(feature, entry.consumptions(), Long::sum);
        }
        deltas.forEach((feature, delta) -> {
            if (delta != 0) {
                checkLimits(feature.limits(), delta, ErrorCode.FEATURE_NOT_ENOUGH_CONSUMPTIONS);
            }
        });
        return deltas;
    }

    /**
     * A negative delta needs {@code allowNegative}; a positive one must keep the total within the maximum
     * plus the overages allowed, unless consumption is unlimited.
     */
    private static void checkLimits(LockedLicense.Limits limits, long delta, ErrorCode notEnough) {
        if (delta < 0) {
            if (!limits.allowNegative()) {
                throw ErrorCode.NEGATIVE_CONSUMPTIONS_NOT_ALLOWED.exception();
            }
            return;
        }
        if (limits.unlimited()) {
            return;
        }
        long ceiling = limits.max() + (limits.allowOverages() ? limits.maxOverages() : 0);
        if (limits.total() + delta > ceiling) {
            throw notEnough.exception();
        }
    }
}
