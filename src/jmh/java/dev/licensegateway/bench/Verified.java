package dev.licensegateway.bench;

/**
 * What every path yields for a genuine file: the bound fields (kept, so that no binding work is optimised
 * away), the digest of the decoded file and the fingerprint of its inner signature. The three paths must
 * agree on these for the same file; the benchmark checks that before it measures.
 */
record Verified(String requestId, String hardwareId, Object bound, byte[] payloadDigest, byte[] signatureFingerprint) {
}
