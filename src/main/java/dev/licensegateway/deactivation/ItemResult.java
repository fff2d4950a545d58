package dev.licensegateway.deactivation;

import dev.licensegateway.error.ApiException;

/** The answer for one file of a batch: an outcome (200) or a documented error; {@code requestId} may be null. */
public record ItemResult(int index, String requestId, Outcome outcome, ApiException error) {

    public static ItemResult of(int index, String requestId, Outcome outcome) {
        return new ItemResult(index, requestId, outcome, null);
    }

    public static ItemResult failed(int index, String requestId, ApiException error) {
        return new ItemResult(index, requestId, null, error);
    }
}
