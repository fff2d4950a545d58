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
            deltas.merge(feature, entry.consumptions(), Math::addExact);
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
     * plus the overages allowed, unless consumption is unlimited. Every sum is checked for overflow: a ceiling
     * past {@code Long.MAX_VALUE} is no ceiling, and a total the counter (bigint) cannot hold is refused as not
     * enough consumptions, never written (it would fail in PostgreSQL as 22003).
     */
    static void checkLimits(LockedLicense.Limits limits, long delta, ErrorCode notEnough) {
        if (delta < 0 && !limits.allowNegative()) {
            throw ErrorCode.NEGATIVE_CONSUMPTIONS_NOT_ALLOWED.exception();
        }
        long total;
        try {
            total = Math.addExact(limits.total(), delta);
        } catch (ArithmeticException e) {
            throw notEnough.exception("The new total would exceed what the counter can hold.");
        }
        if (delta < 0 || limits.unlimited()) {
            return;
        }
        long ceiling = limits.allowOverages() ? saturatedAdd(limits.max(), limits.maxOverages()) : limits.max();
        if (total > ceiling) {
            throw notEnough.exception();
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        // Overflow only when both have the same sign and the sum's sign differs.
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
