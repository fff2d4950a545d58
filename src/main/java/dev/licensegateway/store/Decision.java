package dev.licensegateway.store;

/**
 * What the decision core answered for one file: {@code license_deactivated}, {@code replayed}, or the
 * documented error code it refused the file with; {@code detail} is a more specific message, or null.
 */
public record Decision(String outcome, String detail) {

    public static final String DEACTIVATED = "license_deactivated";
    public static final String REPLAYED = "replayed";
}
