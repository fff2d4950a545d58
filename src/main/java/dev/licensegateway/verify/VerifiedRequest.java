package dev.licensegateway.verify;

import dev.licensegateway.decode.DeactivationPayload;

/**
 * A request file proven genuine: authenticated caller, valid signatures, right company. Carries the
 * digest of the decoded file (replays) and the fingerprint of its inner signature (single use).
 */
public record VerifiedRequest(
        String companyId,
        String principal,
        int schemaVersion,
        DeactivationPayload payload,
        byte[] payloadDigest,
        byte[] signatureFingerprint) {

    @Override
    public String toString() {
        return "VerifiedRequest[company=" + companyId + ", " + payload + "]";
    }
}
