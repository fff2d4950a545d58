package dev.licensegateway.store;

import java.util.Map;

/** Everything one applied deactivation writes, in one statement. */
public record Deactivation(
        String companyId,
        String requestId,
        byte[] payloadDigest,
        byte[] signatureFingerprint,
        long licenseId,
        long deviceId,
        String hardwareId,
        String variablesJson,
        long consumptions,
        Map<Long, Long> featureDeltas,
        Map<String, Long> featureDeltasByCode,
        String principal,
        String sourceIp,
        int schemaVersion,
        Map<String, Object> clientInfo) {
}
