package dev.licensegateway.deactivation;

import dev.licensegateway.decode.DeactivationPayload;
import dev.licensegateway.store.BatchStore;
import dev.licensegateway.store.BatchStore.AppliedClaims;
import dev.licensegateway.store.LicenseFeature;
import dev.licensegateway.store.LockedLicense;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a batch chunk knows under its locks, updated in memory as each file of the chunk is accepted. */
final class ChunkState {

    /** License ids by (product, key) and by (product, username); several users may share one license. */
    final Map<String, Long> licensesByKey = new HashMap<>();
    final Map<String, Long> licensesByUser = new HashMap<>();
    final Map<Long, LockedLicense> licenses = new HashMap<>();
    final Map<String, Long> activeDevices = new HashMap<>();
    final Map<Long, List<LicenseFeature>> features = new HashMap<>();
    final Set<String> existingProducts = new HashSet<>();
    AppliedClaims claims = new AppliedClaims();

    void locked(Map<String, LockedLicense> found, boolean userBased) {
        found.forEach((key, license) -> {
            (userBased ? licensesByUser : licensesByKey).put(key, license.licenseId());
            licenses.put(license.licenseId(), license);
        });
    }

    LockedLicense license(DeactivationPayload payload) {
        Long id = (payload.userBased() ? licensesByUser : licensesByKey)
                .get(BatchStore.licenseKey(payload.product(), payload.licenseIdentity()));
        return id == null ? null : licenses.get(id);
    }

    void replace(LockedLicense license) {
        licenses.put(license.licenseId(), license);
    }

    List<Long> lockedIds() {
        return new ArrayList<>(licenses.keySet());
    }
}
