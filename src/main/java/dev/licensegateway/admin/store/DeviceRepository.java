package dev.licensegateway.admin.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Devices of one license, newest first. */
@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<DeviceEntity, Long> {

    public Uni<List<DeviceEntity>> newestOf(String companyId, long licenseId, int limit) {
        return find("companyId = ?1 and licenseId = ?2", Sort.descending("deviceId"), companyId, licenseId)
                .range(0, limit - 1)
                .list();
    }

    public Uni<Long> countOf(String companyId, long licenseId) {
        return count("companyId = ?1 and licenseId = ?2", companyId, licenseId);
    }
}
