package dev.licensegateway.store;

import java.util.List;

/**
 * What the deactivation needs once the license is locked: the active device with the file's hardware id
 * (null if none), the digest of an already-applied request with this request id or inner signature
 * (null if none), and the license's features.
 */
public record LicenseState(Long activeDeviceId, byte[] appliedDigest, List<LicenseFeature> features) {
}
