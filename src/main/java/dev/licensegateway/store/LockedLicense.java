package dev.licensegateway.store;

/** A license row read under {@code FOR UPDATE}: its state is current for the rest of the transaction. */
public record LockedLicense(
        long licenseId,
        String licenseType,
        boolean trial,
        boolean enabled,
        Limits consumption) {

    /** The same license with another consumption total (a batch's running state). */
    public LockedLicense withTotal(long total) {
        return new LockedLicense(licenseId, licenseType, trial, enabled, consumption.withTotal(total));
    }

    /** Consumption settings and total, for a license or one of its features. */
    public record Limits(long max, long total, boolean allowOverages, long maxOverages, boolean unlimited,
                         boolean allowNegative) {

        public Limits withTotal(long newTotal) {
            return new Limits(max, newTotal, allowOverages, maxOverages, unlimited, allowNegative);
        }
    }
}
