package dev.licensegateway.admin.rest;

import dev.licensegateway.error.ErrorCode;

/** Parses a numeric limit from the query string, with the documented default and bounds. */
final class QueryLimit {

    private QueryLimit() {
    }

    static int parse(String name, String raw, int defaultValue, int max) {
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ErrorCode.VALIDATION_ERROR.exception(name + ": must be an integer between 1 and " + max);
    }
}
