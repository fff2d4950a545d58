package dev.licensegateway.decode;

/**
 * A parsed request file. For schema v2, {@code outerSignature} and the span of the {@code request}
 * member's exact bytes inside the decoded body (which the outer HMAC covers); for v1 these are absent.
 */
public record RequestFile(
        int schemaVersion, DeactivationPayload payload, String outerSignature, int requestOffset, int requestLength) {

    public boolean isV2() {
        return schemaVersion == 2;
    }
}
