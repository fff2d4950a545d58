package dev.licensegateway.store;

import java.util.List;

/**
 * What one verified file asks of the decision core ({@code lg_deactivate}, migration V40): its claim (request id,
 * payload digest, inner-signature fingerprint or null), the license and device it names, the deltas it
 * would apply and what its audit event records. JSON fields are text, cast in SQL.
 */
public record Deactivation(
        String requestId,
        byte[] payloadDigest,
        byte[] signatureFingerprint,
        String product,
        String licenseKey,
        String username,
        String hardwareId,
        String variablesJson,
        long consumptions,
        List<String> featureCodes,
        List<Long> featureDeltas,
        String principal,
        int schemaVersion,
        String clientInfoJson) {
}
