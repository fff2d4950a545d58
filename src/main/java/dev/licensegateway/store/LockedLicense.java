package dev.licensegateway.store;

/** A license row read under {@code FOR UPDATE}: its state is current for the rest of the transaction. */
public record LockedLicense(
        long licenseId,
        String licenseType,
        boolean trial,
        boolean enabled,
        Limits consumption) {

    /** Consumption settings and total, for a license or one of its features. */
    public record Limits(long max, long total, boolean allowOverages, long maxOverages, boolean unlimited,
                         boolean allowNegative) {
    }
}
